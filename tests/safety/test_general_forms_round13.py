"""General forms behind wording that held-out round 13 missed (consumed in session 7). Every sentence here
was written for this test, none copied from the round: each states the same kind of thing in new words, and
its calm neighbour shares the words without the risk."""

from __future__ import annotations

import pytest

from steadyheart.safety import triage


@pytest.mark.parametrize(("text", "tier"), [
    # A plan or the means told as a fact, and getting ready to be found.
    ("i looked up how much of my lithium it would take and i have more than that, so it's tonight", "imminent"),
    ("i have made up my mind. the rope is in my car", "imminent"),
    ("left the back gate open and a note for my sister so somebody finds me before the kids wake", "imminent"),
    # Ideation with the means at hand or the hour fixed is imminent.
    ("i just want to go to sleep and not wake up. the pills are lined up on the sink", "imminent"),
    ("gonna sleep forever tonight, got 40 of my dad's painkillers", "imminent"),
    ("imma throw myself off the bridge by the station after work", "imminent"),
    ("final exit on sunday, i have everything i need", "imminent"),
    # A partner hurting someone now.
    ("typing quietly from the bathroom, he just hit me and he's still shouting", "imminent"),
    ("she just shoved me into the wardrobe door and she's standing over me", "imminent"),
    # Thoughts of death said sideways.
    ("honestly the only thing keeping me here is my dog", "elevated"),
    ("my head keeps telling me to just die and i'm so tired of it", "elevated"),
    ("caught myself thinking about how i would do it on the drive home", "elevated"),
    ("i attempted once at uni and the thoughts are coming back since the divorce", "elevated"),
    ("part of me is hoping the flight crashes so i don't have to face him", "elevated"),
    ("hope my train crashes on the way to his lol, not even joking", "elevated"),
    ("haha at this point suicide seems pretty tempting", "elevated"),
    # Hurting oneself through the hands, nails or a band; a parent telling of a child's cutting.
    ("punched the wall after he hung up, my knuckles are split", "elevated"),
    ("keep digging my nails into my palms until there's blood", "elevated"),
    ("i snap a rubber band on my wrist till it leaves welts whenever i think of her", "elevated"),
    ("my son has been cutting his arms since his girlfriend ended it", "elevated"),
    # Threats, strangulation in the past, giving in after saying no.
    ("she said she'd put me in the ground if i ever left", "elevated"),
    ("my husband strangled me last year. it hasn't happened since", "elevated"),
    ("when i say no he goes cold for a week and then i just give in", "elevated"),
    # Harm to others said as a fantasy or a slang verb, and with fuel and a window.
    ("i fantasize about her new boyfriend getting hit by a bus", "elevated"),
    ("if he turns up at the pub i might bottle him", "elevated"),
    ("got a can of lighter fluid and i know which door is his", "imminent"),
    # Gentle checks.
    ("she'd regret it if something bad happened to me", "ambiguous"),
    ("i'm going to do something stupid if he doesn't pick up", "ambiguous"),
    ("i scare myself with how dark it gets in my head", "ambiguous"),
    ("my girlfriend gets really scary when she's been drinking", "ambiguous"),
])
def test_wording_seen_missing_in_round_13(text: str, tier: str) -> None:
    assert triage(text, []).tier.value == tier


@pytest.mark.parametrize("text", [
    "the only thing stopping me from quitting is the pay",
    "the only thing keeping me going this week is the holiday in june",
    "my brain keeps saying just do it and book the flights",
    "hoping the plane goes down smoothly, i hate landings",
    "i want our chats to go deeper than the weather",
    "my daughter has been cutting her own fringe again, it's a disaster",
    "my son has been cutting class since his girlfriend ended it",
    "i'm going to do something stupid like text him at 3am",
    "he just pushed me to apply for the promotion and i got it",
    "everything's ready for the party, i'm so nervous he won't come",
    "got 2 of my hay fever pills left, need to buy more",
    "imma head to bed, he still hasn't texted",
    "took the final exit off the motorway and got lost",
    "she gets a bit scary when she's hangry lol",
    "i worked out how much it would take to fix the car and i have got enough saved",
    "checked how many tickets it would take to get the whole family in, we have enough now",
    "my husband choked me up with his speech at the wedding",
    "we hit the wall at mile twenty and i broke down crying at the finish",
])
def test_calm_neighbours_of_round_13_forms_stay_below_elevated(text: str) -> None:
    assert triage(text, []).tier.value in ("none", "ambiguous")
