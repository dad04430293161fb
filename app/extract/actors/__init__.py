"""Find actors: people, organisations, states, composite agents ("Egyptian intelligence officials").

Steps, each over the whole parsed article:

1. `find_entity_actors` (`entities`) — named entities become actors (identity in `registry`).
2. `find_titles` (`titles`) — titles before or after a person's name give an affiliation.
3. `find_epithets` (`epithets`) — "the hermit kingdom" is North Korea once the article named it.
4. `find_agent_actors` (`agents`) — agent nouns (police, officials, troops ...) become composite
   actors or refer to an organisation.
5. `organ_affiliations` (`organs`) — an organ named ("the Security Council") is affiliated to its
   body (the United Nations).
"""

from app.extract.actors.agents import find_agent_actors
from app.extract.actors.entities import find_entity_actors
from app.extract.actors.epithets import find_epithets
from app.extract.actors.organs import organ_affiliations
from app.extract.actors.registry import agent_actor, person_actor, state_actor
from app.extract.actors.titles import find_titles
from app.extract.context import DocContext


def find_actors(ctx: DocContext) -> None:
    """Run the actor steps in order (after `find_entity_actors` and places, see pipeline)."""
    find_titles(ctx)
    find_epithets(ctx)
    find_agent_actors(ctx)
    organ_affiliations(ctx)


__all__ = [
    "agent_actor",
    "find_actors",
    "find_agent_actors",
    "find_entity_actors",
    "find_titles",
    "person_actor",
    "state_actor",
]
