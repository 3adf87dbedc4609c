"""content_publishing's user-facing messages, in English and Dutch."""

from estafette import i18n

i18n.register(
    {
        "text_too_long_for_network": {
            "en": "This text counts {length} characters on {network}, which allows {limit}. "
            "Shorten it, or leave {network} out of the item's networks.",
            "nl": "Deze tekst telt {length} tekens op {network}, dat er {limit} toestaat. "
            "Maak hem korter, of haal {network} uit de netwerken van dit item.",
        },
        "blocked_word_in_text": {
            "en": "This text contains \u201c{word}\u201d, which your organisation blocked in posts. Put it differently.",
            "nl": "Deze tekst bevat \u201c{word}\u201d, dat je organisatie in berichten heeft geblokkeerd. Zeg het anders.",
        },
        "unknown_department": {
            "en": "'{value}' is not a department of your organisation. Known: {known}.",
            "nl": "'{value}' is geen afdeling van je organisatie. Bekend: {known}.",
        },
        "unknown_role": {
            "en": "'{value}' is not a role in your organisation. Known: {known}.",
            "nl": "'{value}' is geen functie in je organisatie. Bekend: {known}.",
        },
        "unknown_location": {
            "en": "'{value}' is not a location of your organisation. Known: {known}.",
            "nl": "'{value}' is geen locatie van je organisatie. Bekend: {known}.",
        },
        "unknown_language": {
            "en": "'{value}' is not a language your organisation uses. Known: {known}.",
            "nl": "'{value}' is geen taal die je organisatie gebruikt. Bekend: {known}.",
        },
        "blank_audience_value": {
            "en": "An audience value must be 1 to 100 characters.",
            "nl": "Een doelgroepwaarde moet 1 tot 100 tekens lang zijn.",
        },
        "audience_too_wide": {
            "en": "This audience combines into {count} groups; at most {limit} are possible. Target fewer combinations.",
            "nl": "Deze doelgroep valt uiteen in {count} groepen; er kunnen er hoogstens {limit} zijn. Kies minder combinaties.",
        },
        "expires_before_publish": {
            "en": "expires_at must be after publish_at.",
            "nl": "expires_at moet na publish_at liggen.",
        },
        "expires_in_past": {
            "en": "expires_at lies in the past; choose a moment in the future.",
            "nl": "expires_at ligt in het verleden; kies een moment in de toekomst.",
        },
        "already_published": {
            "en": "This item is already published; publish_at can no longer change.",
            "nl": "Dit item is al gepubliceerd; publish_at kan niet meer veranderen.",
        },
        "url_not_public": {
            "en": "This link cannot be shared: {reason}. Use a public web address.",
            "nl": "Deze link kan niet worden gedeeld: {reason}. Gebruik een openbaar webadres.",
        },
        "url_required": {
            "en": "Add the url people will share before this is approved.",
            "nl": "Voeg de url toe die mensen gaan delen voordat dit wordt goedgekeurd.",
        },
        "reason_required": {
            "en": "Say why you reject this, so the author knows what to change.",
            "nl": "Zeg waarom je dit afwijst, zodat de auteur weet wat er moet veranderen.",
        },
        "not_editable": {
            "en": "Content in state '{state}' can no longer be edited.",
            "nl": "Content met status '{state}' kan niet meer worden bewerkt.",
        },
        "changed_meanwhile": {
            "en": "Someone changed this content meanwhile. Reload it and try again.",
            "nl": "Iemand heeft deze content intussen gewijzigd. Laad hem opnieuw en probeer het nog eens.",
        },
        "preview_refused": {
            "en": "This address can't be previewed: {reason}. Only public web pages can.",
            "nl": "Dit adres kan niet worden voorvertoond: {reason}. Dat kan alleen bij openbare webpagina's.",
        },
        "preview_failed": {
            "en": "The page could not be read for a preview: {reason}.",
            "nl": "De pagina kon niet worden gelezen voor een voorvertoning: {reason}.",
        },
        "image_too_large": {
            "en": "This image is {size} bytes; at most {limit} bytes (5 MB) can be uploaded.",
            "nl": "Deze afbeelding is {size} bytes; er kan hoogstens {limit} bytes (5 MB) worden geüpload.",
        },
        "image_not_uploaded": {
            "en": "Image {media_id} was never uploaded (or not by your organisation). Upload it first with POST /v1/media.",
            "nl": "Afbeelding {media_id} is nooit geüpload (of niet door je organisatie). Upload hem eerst met POST /v1/media.",
        },
        "image_not_accepted": {
            "en": "The uploaded file is {content_type}, {size} bytes: only JPEG, PNG, GIF or WebP up to 5 MB can be used.",
            "nl": "Het geüploade bestand is {content_type}, {size} bytes: alleen JPEG, PNG, GIF of WebP tot 5 MB "
            "kan worden gebruikt.",
        },
        "image_not_what_it_says": {
            "en": "The uploaded file says it is {content_type}, but its contents are not a {content_type} image. "
            "Upload the image itself.",
            "nl": "Het geüploade bestand zegt {content_type} te zijn, maar de inhoud is geen {content_type}-afbeelding. "
            "Upload de afbeelding zelf.",
        },
        "image_repeated": {
            "en": "Image {media_id} appears twice; each image can be attached once.",
            "nl": "Afbeelding {media_id} staat er twee keer in; elke afbeelding kan één keer worden toegevoegd.",
        },
        "alt_text_required": {
            "en": "Describe this image for people who can't see it: alt text in '{wanted}' is required.",
            "nl": "Beschrijf deze afbeelding voor wie hem niet kan zien: alt-tekst in '{wanted}' is verplicht.",
        },
        "image_type_not_for_network": {
            "en": "{network} does not take {content_type} images. Use JPEG, PNG or GIF, or leave {network} out of the networks.",
            "nl": "{network} accepteert geen {content_type}-afbeeldingen. Gebruik JPEG, PNG of GIF, "
            "of haal {network} uit de netwerken.",
        },
        "animated_gif_not_alone_on_x": {
            "en": "This image is an animated GIF: X takes an animated GIF only alone on a post, and this item has "
            "{count} images. Remove the other images, or leave X out of the networks.",
            "nl": "Deze afbeelding is een geanimeerde GIF: X accepteert een geanimeerde GIF alleen als enige afbeelding "
            "bij een bericht, en dit item heeft er {count}. Verwijder de andere afbeeldingen, of haal X uit de netwerken.",
        },
        "image_too_large_for_network": {
            "en": "{network} takes images of at most {limit} bytes; this one is {size} bytes. "
            "Use a smaller image, or leave {network} out of the networks.",
            "nl": "{network} accepteert afbeeldingen van hoogstens {limit} bytes; deze is {size} bytes. "
            "Gebruik een kleinere afbeelding, of haal {network} uit de netwerken.",
        },
        "too_many_sources": {
            "en": "Your organisation already has {limit} sources. Delete one before adding another.",
            "nl": "Je organisatie heeft al {limit} bronnen. Verwijder er een voordat je een nieuwe toevoegt.",
        },
        "source_exists": {
            "en": "This feed is already a source: {url}.",
            "nl": "Deze feed is al een bron: {url}.",
        },
        "feed_refused": {
            "en": "This feed can't be read: {reason}. Only feeds on the public web can.",
            "nl": "Deze feed kan niet worden gelezen: {reason}. Dat kan alleen bij feeds op het openbare web.",
        },
        "feed_failed": {
            "en": "The feed could not be read: {reason}. It is tried again later.",
            "nl": "De feed kon niet worden gelezen: {reason}. Het wordt later opnieuw geprobeerd.",
        },
        "feed_too_large": {
            "en": "The feed is too large ({reason}). Ask its publisher for a shorter feed.",
            "nl": "De feed is te groot ({reason}). Vraag de uitgever om een kortere feed.",
        },
        "not_a_feed": {
            "en": "This address does not serve an RSS or Atom feed: {reason}.",
            "nl": "Dit adres levert geen RSS- of Atom-feed: {reason}.",
        },
        "calendar_too_long": {
            "en": "A calendar shows at most {limit} days; choose a shorter period.",
            "nl": "Een kalender toont hoogstens {limit} dagen; kies een kortere periode.",
        },
        "invalid_cursor": {
            "en": "This cursor does not come from this feed. Start again without one.",
            "nl": "Deze cursor komt niet uit deze feed. Begin opnieuw zonder cursor.",
        },
    }
)
