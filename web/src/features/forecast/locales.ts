import { registerLocales } from "@/lib/i18n/i18n";

registerLocales("forecast", {
  en: {
    title: "Forecast calculator",
    intro: "Added media value = participants × posts per participant × clicks per share × cost per click.",
    participants: "Participants",
    posts: "Posts per participant",
    clicks: "Clicks per share",
    cpc: "Cost per click (EUR)",
    source: {
      history: "your organisation's last 90 days",
      benchmark: "the benchmark",
      query: "your input",
      enrolled: "the people enrolled in your organisation",
    },
    from: "From {{source}}",
    result: "Forecast: {{value}}",
    sum: "{{participants}} × {{posts}} × {{clicks}} × {{cpc}} = {{value}}",
    period: "Period it covers: {{period}}",
    periods: {
      history: "a period like the last 90 days ({{from}} – {{to}})",
      benchmark: "the benchmark's period (the posts each participant makes in it)",
    },
    example: "Show the worked example (1,000 × 5 × 6 × €3)",
    own: "Back to our own figures",
    history: "Your own history is used once the last 90 days hold at least 30 shares by 5 advocates over 28 days.",
  },
  nl: {
    title: "Prognosecalculator",
    intro: "Extra mediawaarde = deelnemers × berichten per deelnemer × kliks per bericht × kosten per klik.",
    participants: "Deelnemers",
    posts: "Berichten per deelnemer",
    clicks: "Kliks per bericht",
    cpc: "Kosten per klik (EUR)",
    source: {
      history: "de laatste 90 dagen van je organisatie",
      benchmark: "de benchmark",
      query: "jouw invoer",
      enrolled: "het aantal aangemelde mensen in je organisatie",
    },
    from: "Uit {{source}}",
    result: "Prognose: {{value}}",
    sum: "{{participants}} × {{posts}} × {{clicks}} × {{cpc}} = {{value}}",
    period: "Periode die het beslaat: {{period}}",
    periods: {
      history: "een periode zoals de laatste 90 dagen ({{from}} – {{to}})",
      benchmark: "de periode van de benchmark (de berichten die elke deelnemer daarin plaatst)",
    },
    example: "Toon het rekenvoorbeeld (1.000 × 5 × 6 × € 3)",
    own: "Terug naar onze eigen cijfers",
    history: "Je eigen geschiedenis telt zodra de laatste 90 dagen minstens 30 berichten van 5 ambassadeurs over 28 dagen bevatten.",
  },
});
