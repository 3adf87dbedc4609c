import { registerLocales } from "@/lib/i18n/i18n";

registerLocales("profile", {
  en: {
    title: "Profile",
    intro: "Your language decides the app's language, the suggested texts you start from and the guard's explanations.",
    name: "Name",
    department: "Department",
    role: "Role",
    location: "Location",
    language: "Language",
    timezone: "Time zone",
    timezoneHelp: "Sharing hours and scheduled shares follow your time zone.",
    languages: { en: "English", nl: "Nederlands (Dutch)" },
  },
  nl: {
    title: "Profiel",
    intro: "Je taal bepaalt de taal van de app, de voorgestelde teksten waarmee je begint en de uitleg van de controles.",
    name: "Naam",
    department: "Afdeling",
    role: "Functie",
    location: "Locatie",
    language: "Taal",
    timezone: "Tijdzone",
    timezoneHelp: "Deeltijden en ingeplande berichten volgen je tijdzone.",
    languages: { en: "English (Engels)", nl: "Nederlands" },
  },
});
