import { registerLocales } from "@/lib/i18n/i18n";

registerLocales("guidelines", {
  en: { title: "Guidelines", welcome: "Welcome", avoid: "Better not", fromOrg: "From your organisation.", default: "Estafette's starting guidelines; your organisation can write its own." },
  nl: { title: "Richtlijnen", welcome: "Graag", avoid: "Liever niet", fromOrg: "Van je organisatie.", default: "De basisrichtlijnen van Estafette; je organisatie kan eigen richtlijnen schrijven." },
});
