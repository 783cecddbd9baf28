"""A generator of news-style articles in our own words, for benchmarks (not for evaluation).

Deterministic for a seed; every article is a few paragraphs mixing event sentences, quotes,
background and non-events, so the parser sees realistic text lengths and structure.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

STATES = ["France", "Germany", "Poland", "Hungary", "Turkey", "Japan", "Brazil", "India",
          "Kenya", "Nigeria", "Egypt", "Israel", "Iran", "China", "Russia", "Ukraine",
          "the United States", "Britain", "Canada", "Mexico", "Indonesia", "Australia",
          "South Africa", "Saudi Arabia", "Qatar", "Norway", "Finland", "Sweden", "Italy",
          "Spain", "Greece", "Serbia", "Georgia", "Armenia", "Azerbaijan", "Pakistan"]
CAPITALS = ["Paris", "Berlin", "Warsaw", "Budapest", "Ankara", "Tokyo", "Brasilia", "New Delhi",
            "Nairobi", "Abuja", "Cairo", "Tehran", "Beijing", "Moscow", "Kyiv", "Washington",
            "London", "Ottawa", "Canberra", "Riyadh", "Doha", "Oslo", "Helsinki", "Rome"]
DEMONYMS = ["French", "German", "Polish", "Hungarian", "Turkish", "Japanese", "Indian",
            "Kenyan", "Egyptian", "Israeli", "Iranian", "Chinese", "Russian", "Ukrainian",
            "American", "British", "Canadian", "Saudi", "Greek", "Serbian", "Pakistani"]
BODIES = ["NATO", "the European Union", "the United Nations", "the African Union", "ASEAN",
          "the OSCE", "the IMF", "the World Health Organization"]
ROLES = ["foreign minister", "defence minister", "prime minister", "president", "ambassador",
         "envoy", "government", "parliament", "army", "navy", "police"]

EVENT_TEMPLATES = [
    "{A} condemned {B} on {day} over what it called a reckless escalation along the border.",
    "The {dA} {role} met {B}'s {role2} in {cap} to discuss trade and energy cooperation.",
    "{A} announced it would send {n} million dollars in humanitarian aid to {B} next month.",
    "{B}'s request to join the talks was blocked by {A}, according to two diplomats.",
    "{dA} troops shelled villages near the frontier, local officials in {cap} said.",
    "{A} imposed new sanctions on {B}, targeting banks and exporters of oil.",
    "{A} urged {B} to release the detained journalists and lift the curfew.",
    "Protesters rallied outside the {dA} embassy in {cap}, demanding an end to the strikes.",
    "{A} and {C} signed an agreement on {day} to expand military cooperation.",
    "{A} threatened to expel {B}'s diplomats if the talks collapsed.",
    "{A} did not criticise {B} publicly, officials said, despite weeks of pressure.",
    "The {dA} government accused {B} of spreading false reports about the election.",
    "{A} pledged {n} billion euros for reconstruction in {B} at a donor conference.",
    "{B} rejected {A}'s proposal for a ceasefire, calling it unrealistic.",
    "{A} deployed {n} thousand soldiers to its southern border as tensions with {B} rose.",
    "Police in {cap} arrested dozens of activists who had marched against the new law.",
    "{A} withdrew its ambassador from {B} after the incident at sea.",
    "{body} called on {A} and {B} to resume negotiations without preconditions.",
    "Drone attacks by {dA} forces hit power stations in {B} overnight, its ministry said.",
    "{A} praised {B}'s decision to free the prisoners held since the spring.",
]
BACKGROUND = [
    "Markets in {cap} closed slightly higher on {day}, with energy shares leading the gains.",
    "The region has been a source of friction for decades, and analysts expect little change.",
    "Heavy rain is forecast for the coming days, and farmers fear another poor harvest.",
    "The summit, the third this year, drew delegations from more than forty countries.",
    "Inflation eased to {n} percent in the latest figures, the statistics office reported.",
    "Critics say the plan lacks detail, while supporters argue it is a necessary first step.",
    "The talks are expected to continue next week, although no date has been fixed.",
    "Officials spoke on condition of anonymity because they were not authorised to brief.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _fill(template: str, rng: random.Random) -> str:
    a, b, c = rng.sample(STATES, 3)
    text = template.format(
        A=a, B=b, C=c, dA=rng.choice(DEMONYMS), role=rng.choice(ROLES),
        role2=rng.choice(ROLES), cap=rng.choice(CAPITALS), day=rng.choice(DAYS),
        n=rng.randint(2, 90), body=rng.choice(BODIES),
    )
    return text[0].upper() + text[1:]


def article(rng: random.Random, paragraphs: tuple[int, int] = (3, 6)) -> str:
    paras = []
    for _ in range(rng.randint(*paragraphs)):
        sents = [_fill(rng.choice(EVENT_TEMPLATES if rng.random() < 0.6 else BACKGROUND), rng)
                 for _ in range(rng.randint(2, 4))]
        paras.append(" ".join(sents))
    return "\n\n".join(paras)


def articles(n: int, seed: int = 7, paragraphs: tuple[int, int] = (3, 6)) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(n):
        yield article(rng, paragraphs)


def corpus_of_size(kilobytes: int, seed: int = 7) -> list[str]:
    out, size = [], 0
    for text in articles(10**9, seed):
        out.append(text)
        size += len(text.encode())
        if size >= kilobytes * 1024:
            return out
    return out
