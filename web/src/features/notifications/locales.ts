import { registerLocales } from "@/lib/i18n/i18n";

registerLocales("notifications", {
  en: {
    title: "Notifications",
    intro: "Choose which e-mails you get. Every e-mail also has a one-click unsubscribe link.",
    sentTo: "E-mails go to {{address}}.",
    noAddress: "We don't know your e-mail address yet; your HR system sends it.",
    kinds: {
      new_content: "A daily digest of new content for you (at most one a day)",
      vacancy: "Vacancies in your department, highlighted in the digest",
      reconnect: "A network connection expires soon or has stopped",
      share_failed: "A share was not posted, with the reason and what to do",
      weekly_impact: "Your shares, clicks and value of last week",
    },
    email: "E-mails",
    digestTime: "Digests arrive at",
    quiet: "Quiet hours (no e-mail in between)",
    quietOn: "Use quiet hours",
    from: "From",
    until: "Until",
    next: "Next digest: {{date}} with {{count}} items.",
  },
  nl: {
    title: "Meldingen",
    intro: "Kies welke e-mails je krijgt. Elke e-mail heeft ook een afmeldlink met één klik.",
    sentTo: "E-mails gaan naar {{address}}.",
    noAddress: "We kennen je e-mailadres nog niet; je HR-systeem stuurt het door.",
    kinds: {
      new_content: "Een dagelijks overzicht van nieuwe content voor jou (hoogstens één per dag)",
      vacancy: "Vacatures van je afdeling, uitgelicht in het overzicht",
      reconnect: "Een koppeling met een netwerk verloopt binnenkort of werkt niet meer",
      share_failed: "Een bericht is niet geplaatst, met de reden en wat je kunt doen",
      weekly_impact: "Je berichten, kliks en waarde van vorige week",
    },
    email: "E-mails",
    digestTime: "Overzichten komen om",
    quiet: "Rusttijden (geen e-mail daartussen)",
    quietOn: "Rusttijden gebruiken",
    from: "Van",
    until: "Tot",
    next: "Volgend overzicht: {{date}} met {{count}} items.",
  },
});
