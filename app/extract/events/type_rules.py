"""Which PLOVER types a verb event's argument rules apply to (read by events.verbs and
events.nouns)."""

from __future__ import annotations

SOURCE_REQUIRED = frozenset({"CONSULT"})
# "airstrikes on Gaza", "arrived in Amman": the place stands for its country (CAMEO practice)
PLACE_AS_TARGET = frozenset(
    {"ASSAULT", "MOBILIZE", "SANCTION", "COERCE", "CONSULT", "AID", "CONCEDE"}
)
# acts done to the people of the place they happen in ("eased emergency measures in Montenegro",
# "killed 23 people in Tel Aviv"); not meetings, which happen wherever the parties meet
PLACE_ACTED_IN = PLACE_AS_TARGET - {"CONSULT"}
VICTIM_TYPES = frozenset({"ASSAULT", "COERCE"})
# acts whose purpose clause can name whom they are against ("mobilize protests to push X out")
HOSTILE_PURPOSE_TYPES = frozenset({"ASSAULT", "MOBILIZE", "COERCE"})
# praise and blame go to whoever acts in the news they react to (not so a denial: "rejected
# claims that X ..." answers whoever made the claim, who is rarely X)
CONTENT_TYPES = frozenset({"SUPPORT", "ACCUSE"})
# acts that judge something: backing, blame or refusal of a thing falls on its owner ("the U.S.
# plan that is backed by Kyiv" backs the United States)
JUDGEMENT_TYPES = frozenset({"SUPPORT", "ACCUSE", "REJECT"})
