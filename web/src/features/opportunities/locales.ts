import { registerLocales } from "@/lib/i18n/i18n";

registerLocales("opportunities", {
  en: {
    title: "Log an opportunity",
    intro: "Did a share bring a lead, a candidate or a new contact? Log it: it counts in your impact and in the company's report.",
    share: "Which share brought it?",
    choose: "Choose a posted share",
    description: "What is the opportunity? (a sentence or two)",
    submit: "Log the opportunity",
    sent: "Logged. Thank you!",
    none: "You have no posted shares yet: share something first.",
  },
  nl: {
    title: "Kans registreren",
    intro: "Leverde een bericht een lead, een kandidaat of een nieuw contact op? Registreer het: het telt mee in je impact en in de rapportage van het bedrijf.",
    share: "Welk bericht leverde het op?",
    choose: "Kies een geplaatst bericht",
    description: "Wat is de kans? (een of twee zinnen)",
    submit: "Kans registreren",
    sent: "Geregistreerd. Dank je!",
    none: "Je hebt nog geen geplaatste berichten: deel eerst iets.",
  },
});
