import { registerLocales } from "@/lib/i18n/i18n";

registerLocales("occasions", {
  en: {
    title: "Suggest content",
    intro: "Concrete occasions are what people like to read about. Suggest one; a curator completes it and puts it in your colleagues' feeds.",
    occasion: "What happened?",
    kinds: { project_delivered: "A project delivered", client_visit: "A client visit", event: "An event", collaboration: "A good collaboration" },
    titleLabel: "Title",
    story: "What happened, and why would your network care?",
    url: "Link (optional)",
    text: "How you would put it (optional)",
    submit: "Send to the curators",
    sent: "Thanks! Your suggestion is in the curators' review queue.",
  },
  nl: {
    title: "Content voorstellen",
    intro: "Concrete gebeurtenissen lezen mensen graag. Stel er een voor; een redacteur maakt het af en zet het in de feeds van je collega's.",
    occasion: "Wat gebeurde er?",
    kinds: { project_delivered: "Een opgeleverd project", client_visit: "Een klantbezoek", event: "Een evenement", collaboration: "Een goede samenwerking" },
    titleLabel: "Titel",
    story: "Wat gebeurde er, en waarom vindt je netwerk dat interessant?",
    url: "Link (niet verplicht)",
    text: "Hoe jij het zou zeggen (niet verplicht)",
    submit: "Naar de redacteuren sturen",
    sent: "Dank je! Je voorstel staat in de beoordelingswachtrij van de redacteuren.",
  },
});
