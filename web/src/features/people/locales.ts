import { registerLocales } from "@/lib/i18n/i18n";

registerLocales("people", {
  en: {
    title: "People",
    intro: "The directory as the HR systems and people's own profiles built it. Read only: change it in the HR system.",
    columns: { name: "Name", department: "Department", role: "Role", location: "Location", language: "Language", status: "Status" },
    left: "Left on {{date}}",
    leftNoDate: "Left",
    active: "Active",
    hiddenName: "(removed when they left)",
    languages: { en: "English", nl: "Dutch" },
    none: "Nobody in the directory yet. HR webhooks fill it.",
    more: "Next page",
    first: "First page",
  },
  nl: {
    title: "Mensen",
    intro: "Het personeelsbestand zoals de HR-systemen en de eigen profielen het opbouwden. Alleen lezen: wijzig het in het HR-systeem.",
    columns: { name: "Naam", department: "Afdeling", role: "Functie", location: "Locatie", language: "Taal", status: "Status" },
    left: "Vertrokken op {{date}}",
    leftNoDate: "Vertrokken",
    active: "Actief",
    hiddenName: "(verwijderd bij vertrek)",
    languages: { en: "Engels", nl: "Nederlands" },
    none: "Nog niemand in het bestand. HR-webhooks vullen het.",
    more: "Volgende pagina",
    first: "Eerste pagina",
  },
});
