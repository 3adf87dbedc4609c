"""share_dispatch's user-facing messages, in English and Dutch (codes are the API's stable error codes)."""

from estafette.i18n import register

register(
    {
        # --- the credibility guard ---------------------------------------------------------
        "weekly_cap_reached": {
            "en": "You already shared {cap} times to {network} this week. Your network hears you best when you pace "
            "yourself: try again next week.",
            "nl": "Je hebt deze week al {cap} keer op {network} gedeeld. Je netwerk hoort je het best als je doseert: "
            "probeer het volgende week opnieuw.",
        },
        "network_daily_cap_reached": {
            "en": "You already shared {cap} times to {network} on {day}. Your network hears you best when you pace "
            "yourself: pick another day.",
            "nl": "Je hebt op {day} al {cap} keer op {network} gedeeld. Je netwerk hoort je het best als je doseert: "
            "kies een andere dag.",
        },
        "outside_sharing_hours_scheduled": {
            "en": "It is outside the sharing hours ({start}:00–{end}:00 your time), so your share goes out at {when}.",
            "nl": "Het is buiten de deeltijden ({start}:00–{end}:00 jouw tijd), dus je bericht gaat uit op {when}.",
        },
        "outside_sharing_hours": {
            "en": "Sharing is set for {start}:00–{end}:00 your time. Schedule it for the next window: {when}.",
            "nl": "Delen kan van {start}:00 tot {end}:00 jouw tijd. Plan het in voor het volgende moment: {when}.",
        },
        "content_mix_too_corporate": {
            "en": "{corporate} of your last {window} shares are company news. Share some expertise or industry content "
            "first: at least {percent}% keeps your own voice credible.",
            "nl": "{corporate} van je laatste {window} gedeelde berichten zijn bedrijfsnieuws. Deel eerst iets over je "
            "vak of de sector: minstens {percent}% houdt je eigen stem geloofwaardig.",
        },
        "personalise_text": {
            "en": "{colleagues} colleagues recently posted nearly the same text about this. Put it in your own words: "
            "identical copies look fake.",
            "nl": "{colleagues} collega's plaatsten onlangs bijna dezelfde tekst hierover. Zeg het in je eigen woorden: "
            "identieke kopieën ogen onecht.",
        },
        "personalise_suggestion": {
            "en": "This is the suggested text word for word. Add a personal word: why does it matter to you? "
            "Your network follows you for your own voice.",
            "nl": "Dit is de voorgestelde tekst woord voor woord. Voeg een persoonlijk woord toe: waarom vind jij dit "
            "belangrijk? Je netwerk volgt je om je eigen stem.",
        },
        "blocked_word": {
            "en": "Your organisation asks not to use \u201c{word}\u201d in posts. Put it differently and share again.",
            "nl": "Je organisatie vraagt \u201c{word}\u201d niet te gebruiken in berichten. Zeg het anders en deel opnieuw.",
        },
        "disclosure_added": {
            "en": "Your organisation asks to mention that you work there, so this line was added: \u201c{line}\u201d",
            "nl": "Je organisatie vraagt te vermelden dat je er werkt, dus deze regel is toegevoegd: \u201c{line}\u201d",
        },
        # --- share requests ------------------------------------------------------------------
        "scheduled_in_past": {
            "en": "scheduled_at {when} is in the past; pick a moment in the future.",
            "nl": "scheduled_at {when} ligt in het verleden; kies een moment in de toekomst.",
        },
        "scheduled_too_far": {
            "en": "scheduled_at may be at most {days} days ahead.",
            "nl": "scheduled_at mag hoogstens {days} dagen vooruit liggen.",
        },
        "animated_gif_not_alone_on_x_share": {
            "en": "This item has an animated GIF and {count} images in all; X takes an animated GIF only alone on "
            "a post, so it can't be shared to X. Share it on another network.",
            "nl": "Dit item heeft een geanimeerde GIF en in totaal {count} afbeeldingen; X accepteert een geanimeerde "
            "GIF alleen als enige afbeelding bij een bericht, dus het kan niet op X worden gedeeld. Deel het op een "
            "ander netwerk.",
        },
        "intent_share_not_schedulable": {
            "en": "{network} shares are finished by you in {network} itself, so they cannot be scheduled.",
            "nl": "Delen op {network} rond je zelf af in {network}, dus dat kan niet worden ingepland.",
        },
        "share_not_confirmable": {
            "en": "This share is {status}: only a share waiting for you to post it in the network's app can be "
            "confirmed.",
            "nl": "Dit bericht is {status_nl}: je kunt alleen een bericht bevestigen dat wacht tot je het in de app "
            "van het netwerk plaatst.",
        },
        "share_not_cancellable": {
            "en": "This share is {status} and can no longer be cancelled.",
            "nl": "Dit bericht is {status_nl} en kan niet meer worden geannuleerd.",
        },
        "cap_race": {
            "en": "Another share of yours just used up today's cap for {network}. Try again tomorrow.",
            "nl": "Een ander bericht van je gebruikte net de limiet van vandaag voor {network}. Probeer het morgen opnieuw.",
        },
        # --- connections --------------------------------------------------------------------
        "network_needs_no_connection": {
            "en": "{network} has no posting API for personal profiles: you share through a link, no connection needed.",
            "nl": "{network} heeft geen API om op persoonlijke profielen te plaatsen: je deelt via een link, koppelen "
            "is niet nodig.",
        },
        "oauth_not_configured": {
            "en": "{network} is not set up for this installation yet. Ask your administrator.",
            "nl": "{network} is voor deze installatie nog niet ingesteld. Vraag het je beheerder.",
        },
        "oauth_state_invalid": {
            "en": "This sign-in link is not valid, was already used or has expired. Start connecting {network} again.",
            "nl": "Deze aanmeldlink is niet geldig, al gebruikt of verlopen. Begin opnieuw met koppelen van {network}.",
        },
        "oauth_denied": {
            "en": "{network} did not grant access ({reason}). Nothing was stored.",
            "nl": "{network} gaf geen toegang ({reason}). Er is niets opgeslagen.",
        },
        "oauth_exchange_failed": {
            "en": "{network} did not accept the sign-in ({reason}). Nothing was stored; start connecting again.",
            "nl": "{network} accepteerde de aanmelding niet ({reason}). Er is niets opgeslagen; begin opnieuw met koppelen.",
        },
        "bluesky_login_failed": {
            "en": "Bluesky did not accept this handle and app password.",
            "nl": "Bluesky accepteerde deze handle en dit app-wachtwoord niet.",
        },
        "network_unavailable": {
            "en": "{network} did not answer in time. Try again in a moment; nothing was stored.",
            "nl": "{network} antwoordde niet op tijd. Probeer het zo opnieuw; er is niets opgeslagen.",
        },
        "connection_not_found": {
            "en": "You have no {network} connection.",
            "nl": "Je hebt geen {network}-koppeling.",
        },
        # --- consents -----------------------------------------------------------------------
        "consent_needs_department": {
            "en": "Your profile has no department yet, so there is no 'my department' to consent for.",
            "nl": "Je profiel heeft nog geen afdeling, dus er is geen 'mijn afdeling' om toestemming voor te geven.",
        },
        "consent_exists": {
            "en": "You already gave this consent ({consent_id}).",
            "nl": "Je gaf deze toestemming al ({consent_id}).",
        },
        "consent_already_revoked": {
            "en": "This consent was already revoked.",
            "nl": "Deze toestemming is al ingetrokken.",
        },
        "consent_needs_api_network": {
            "en": "Automatic sharing needs a network with a posting API (LinkedIn, X or Bluesky), not {network}.",
            "nl": "Automatisch delen kan alleen op een netwerk met een API om te plaatsen (LinkedIn, X of Bluesky), "
            "niet op {network}.",
        },
    }
)
