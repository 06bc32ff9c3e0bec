"""Pattern insights: short, true statements about a person's own data, each with the n it rests on.

Below a minimum amount of data an insight says "not enough data yet" instead of guessing. The numbers
come from journal.stats; this module only chooses them and words them. Times are read in the time zone
of `now` (the CLI passes local time), so "2 a.m." means the person's 2 a.m.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy.orm import Session

from steadyheart.journal import stats
from steadyheart.journal.questionnaires import score_series
from steadyheart.journal.timeline import SPIKE, Moment, Timeline, load_timeline

MIN_SPIKES = 3
MIN_URGES = 6
MIN_PAIRS = 8
MIN_TRAPS = 3
MIN_EXERCISE = 3
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CORRELATION_CAUTION = ("Correlation is not cause: both may follow something else, like a hard week. "
                       "Treat it as a question to explore, not an answer.")


@dataclass(frozen=True)
class Insight:
    key: str
    title: str
    text: str
    n: int
    enough_data: bool


def _not_yet(key: str, title: str, n: int, need: str) -> Insight:
    return Insight(key, title, f"Not enough data yet ({need}; so far {n}).", n, False)


def clock(hour: int) -> str:
    """24-hour clock hour as a plain phrase: 0 -> "midnight", 14 -> "2 p.m."."""
    if hour % 24 == 0:
        return "midnight"
    if hour == 12:
        return "noon"
    return f"{hour % 12} {'a.m.' if hour < 12 else 'p.m.'}"


def trigger_spikes(timeline: Timeline) -> Insight:
    title = "What comes before the hardest moments"
    spikes = [m for m in timeline.spikes() if m.triggers]
    counts = Counter(t for m in spikes for t in set(m.triggers))
    if len(spikes) < MIN_SPIKES or not counts or counts.most_common(1)[0][1] < 2:
        return _not_yet("triggers", title, len(spikes), f"needs {MIN_SPIKES} high moments (7+ out of 10) with a trigger")
    top, count = counts.most_common(1)[0]
    levels = [m.intensity for m in spikes if top in m.triggers and m.intensity is not None]
    average = stats.mean(levels) or 0.0
    others = [f"'{name}' ({k})" for name, k in counts.most_common(3)[1:]]
    tail = f" Next most common: {', '.join(others)}." if others else ""
    text = (f"'{top}' came before {count} of your {len(spikes)} hardest moments, which averaged "
            f"{average:.1f} out of 10.{tail}")
    return Insight("triggers", title, text, len(spikes), True)


def urges_over_weeks(timeline: Timeline) -> Insight:
    title = "Urges acted on and resisted"
    events = [(m.at, status) for m in timeline.moments for _, status in m.urges if status in ("acted", "resisted")]
    weeks = stats.weekly_counts(events)
    if len(events) < MIN_URGES or len(weeks) < 2:
        return _not_yet("urges", title, len(events), f"needs {MIN_URGES} urges marked acted or resisted over two weeks")
    resisted = sum(1 for _, s in events if s == "resisted")
    first, last = stats.pooled_share_halves(list(weeks.values()), "resisted", ("resisted", "acted"))
    direction = "more often" if last > first + 0.1 else "less often" if last < first - 0.1 else "about as often"
    text = (f"Of {len(events)} urges you noted over {len(weeks)} weeks, you resisted {resisted}. "
            f"In the earlier weeks you resisted {first:.0%} of them, in the later weeks {last:.0%}: "
            f"you are resisting {direction} than before.")
    if direction == "less often":
        text += " Hard weeks make urges louder; a planned pause for the times they peak can help."
    return Insight("urges", title, text, len(events), True)


def worst_times(timeline: Timeline, zone: tzinfo) -> Insight:
    title = "When the hardest moments happen"
    spikes = [m.at.astimezone(zone) for m in timeline.spikes()]
    if len(spikes) < 5:
        return _not_yet("times", title, len(spikes), "needs 5 high moments (7+ out of 10)")
    start, count = stats.busiest_window([m.hour for m in spikes])
    day, day_count = Counter(m.weekday() for m in spikes).most_common(1)[0]
    share = f"All {count}" if count == len(spikes) else f"{count} of the {len(spikes)}"
    text = (f"{share} of your hardest moments came between {clock(start)} and "
            f"{clock((start + 4) % 24)}; the hardest day was {DAYS[day]} ({day_count}).")
    return Insight("times", title, text, len(spikes), True)


def correlation(timeline: Timeline, key: str, title: str, x_name: str, y_name: str) -> Insight:
    fields = {"social": ("social_minutes", "insecurity"), "sleep": ("sleep_hours", "anxiety")}[key]
    pairs = [(float(getattr(c, fields[0])), float(getattr(c, fields[1]))) for c in timeline.checkins
             if getattr(c, fields[0]) is not None and getattr(c, fields[1]) is not None]
    result = stats.spearman(pairs)
    if result.n < MIN_PAIRS or result.rho is None:
        return _not_yet(key, title, result.n, f"needs {MIN_PAIRS} check-ins with both {x_name} and {y_name}")
    if abs(result.rho) < 0.1:
        link = f"{x_name.capitalize()} and {y_name} did not move together"
    else:
        way = "higher" if result.rho > 0 else "lower"
        link = f"On days with more {x_name}, {y_name} tended to be {way}"
    text = (f"{link} ({stats.strength(result.rho)} link, rank correlation {result.rho:+.2f}, "
            f"n = {result.n} check-ins). {CORRELATION_CAUTION}")
    return Insight(key, title, text, result.n, True)


def recurring_traps(timeline: Timeline) -> Insight:
    title = "Thinking traps that keep coming back"
    seen = Counter(t for m in timeline.moments for t in m.traps)
    caught = Counter(t for m in timeline.moments for t in m.traps_caught)
    total = sum(seen.values()) + sum(caught.values())
    if not (seen or caught) or max((seen + caught).values()) < MIN_TRAPS:
        return _not_yet("traps", title, total, f"needs one thinking trap noticed {MIN_TRAPS} times")
    ranked = (seen + caught).most_common(3)
    parts = [f"'{name.replace('_', ' ')}' ({seen[name]} in chat, caught by you {caught[name]})"
             for name, _ in ranked]
    text = f"The traps that came back most: {'; '.join(parts)}. Catching a trap is the skill; each catch counts."
    return Insight("traps", title, text, total, True)


def what_helped(timeline: Timeline) -> Insight:
    title = "What helped"
    drops = timeline.exercise_drops()
    groups = {name: g for name, g in stats.group_means(drops).items() if g.n >= MIN_EXERCISE}
    if not groups:
        return _not_yet("helped", title, len(drops), f"needs one exercise re-rated before and after {MIN_EXERCISE} times")
    ranked = sorted(groups.items(), key=lambda item: item[1].mean, reverse=True)
    name, best = ranked[0]
    text = (f"'{name}' was followed by the biggest change: {best.mean:.1f} points lower on average "
            f"(over {best.n} times).")
    if len(ranked) > 1:
        text += " Then " + ", ".join(f"'{n}' ({g.mean:.1f} over {g.n})" for n, g in ranked[1:3]) + "."
    return Insight("helped", title, text, sum(g.n for g in groups.values()), True)


def questionnaires(session: Session, user_id: int) -> Insight:
    title = "Questionnaire scores over time"
    series = [s for s in score_series(session, user_id) if s.n >= 2]
    total = sum(s.n for s in series)
    if not series:
        return _not_yet("questionnaires", title, total, "needs the same questionnaire taken twice")
    parts = []
    for s in series:
        (first_at, first), (last_at, last) = s.points[0], s.points[-1]
        weeks = max(1, round((last_at - first_at).days / 7))
        parts.append(f"{s.instrument}: {first:g} to {last:g} over {weeks} week{'s' if weeks != 1 else ''} "
                     f"({s.n} results)")
    text = "; ".join(parts) + ". On these, a lower score means less of what they ask about. A clinician can tell you what a change means."
    return Insight("questionnaires", title, text, total, True)


def insights(session: Session, user_id: int, now: datetime) -> list[Insight]:
    """Every insight for this person, from all their data up to `now` (whose time zone is used)."""
    timeline = load_timeline(session, user_id, until=now)
    return [
        trigger_spikes(timeline),
        urges_over_weeks(timeline),
        worst_times(timeline, now.tzinfo or UTC),
        correlation(timeline, "social", "Social media and insecurity", "social media time", "insecurity"),
        correlation(timeline, "sleep", "Sleep and anxiety", "sleep", "anxiety"),
        recurring_traps(timeline),
        what_helped(timeline),
        questionnaires(session, user_id),
    ]


__all__ = ["SPIKE", "Insight", "Moment", "insights"]
