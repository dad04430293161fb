"""Dyad's own domain knowledge, read from the data files under `app/extract/data/`.

Everything here is loaded once per process, on first use, and cached. The files are small
and human-edited; one module each: countries and demonyms (`country_names`), agent roles and the
actor word lists (`agent_roles`), organisations and social groups (`collectives`), news outlets
(`outlets`), CAMEO codes (`cameo_codes`), the event lexicon (`event_patterns`), the territories
the gazetteer lacks (`extra_places`), people's names (`person_names`), speech verbs
(`speech_words`), the marks of a use that tells no act (`non_event_words`) and the words for
things that never act (`thing_words`). The steps call them as `knowledge.countries()`, ...
through the names below.
"""

from app.extract.knowledge.agent_roles import (
    AGENT_NAMES,
    GENERIC_AGENT_TERMS,
    ActorWords,
    AgentTerm,
    actor_words,
    agent_last_words,
    agents,
    others_of_the_named,
)
from app.extract.knowledge.cameo_codes import CameoCode, cameo, cameo_info
from app.extract.knowledge.collectives import (
    Organization,
    SocialGroups,
    organization_list,
    organizations,
    shared_aliases,
    social_groups,
)
from app.extract.knowledge.country_names import Country, CountryIndex, countries, country_of
from app.extract.knowledge.event_patterns import EventLexicon, EventPattern, event_lexicon
from app.extract.knowledge.extra_places import Territory, territories
from app.extract.knowledge.files import norm
from app.extract.knowledge.non_event_words import NonEventWords, non_event_words
from app.extract.knowledge.outlets import MediaIndex, media, media_outlet
from app.extract.knowledge.person_names import (
    NAME_PARTICLES,
    famous_people,
    is_particle_name,
    name_words,
    surname_key,
)
from app.extract.knowledge.speech_words import reporting_verbs, speech_verbs
from app.extract.knowledge.thing_words import thing_words

__all__ = [
    "AGENT_NAMES",
    "GENERIC_AGENT_TERMS",
    "NAME_PARTICLES",
    "ActorWords",
    "AgentTerm",
    "CameoCode",
    "Country",
    "CountryIndex",
    "EventLexicon",
    "EventPattern",
    "MediaIndex",
    "NonEventWords",
    "Organization",
    "SocialGroups",
    "Territory",
    "actor_words",
    "agent_last_words",
    "agents",
    "cameo",
    "cameo_info",
    "countries",
    "country_of",
    "event_lexicon",
    "famous_people",
    "is_particle_name",
    "media",
    "media_outlet",
    "name_words",
    "non_event_words",
    "norm",
    "organization_list",
    "organizations",
    "shared_aliases",
    "reporting_verbs",
    "social_groups",
    "speech_verbs",
    "surname_key",
    "territories",
    "thing_words",
    "others_of_the_named",
]
