"""Accepted values fixed by the contract (../shared/CONTRACT.md)."""

EVENT_TYPES = ["air_strike", "shelling", "explosion", "suicide_bombing", "chemical_attack", "armed_clash",
               "ground_offensive", "attack", "other"]
# ACLED's sub-event types (its codebook); events.sub_event_type takes one of them or NULL
SUB_EVENT_TYPES = ["Armed clash", "Government regains territory", "Non-state actor overtakes territory",
                   "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                   "Remote explosive/landmine/IED", "Grenade", "Sexual violence", "Attack",
                   "Abduction/forced disappearance", "Violent demonstration", "Mob violence"]
DATE_PRECISIONS = ["day", "week", "month", "year", "unknown"]
# from the most precise: the place itself, near it, only its district, only its first-level
# division, only its country
GEO_PRECISIONS = ["place", "near_place", "admin2", "admin1", "country", "unknown"]
OUTCOMES = ["killed", "injured"]
QUALIFIERS = ["exact", "at_least", "more_than", "about", "up_to", "range", "vague"]
VICTIM_GROUPS = ["civilians", "children", "women", "militants", "soldiers", "people"]
SOURCE_TYPES = ["monitor", "state_media", "government", "military", "armed_group", "activists", "medical", "rescuers",
                "un", "ngo", "media", "local", "unknown"]
SYRIAN_GOVERNORATES = ["Aleppo", "Damascus", "Rif Dimashq", "Idlib", "Deir ez-Zor", "Raqqa", "Homs", "Hama",
                       "Hasakah", "Daraa", "Latakia", "Quneitra", "Tartus", "As-Suwayda"]
QUARANTINE_STAGES = ["discover", "read", "clean", "extract", "validate", "load"]
