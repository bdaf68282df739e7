"""How long a render will run, known before anything is spoken: each clip's words at its voice's
rate (words per minute: the cast file's, or the measured pace the automatic cast gave it), laid
out by the render's own `plan.layout` with its pauses, cues and chapter gaps. So the estimate
misses only by how far each engine's real pace is from its rate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dramatize.plan import PlayCue, Say, SayTogether, layout, plan_script
from dramatize.timing import MIX_RATE

_WORD = re.compile(r"\w+(?:['’]\w+)*")
CUE_WORD_SECONDS = 0.35  # a crowd's shout, a word at a time and then some


@dataclass(frozen=True)
class Estimate:
    total: float  # seconds, head to tail, as the render will be
    speakers: dict[str, float]  # display name -> seconds of their voice, in order of appearance
    words: dict[str, int]  # display name -> words spoken


def speaking_seconds(text: str, rate: int) -> float:
    """Seconds to say `text` at `rate` words per minute."""
    return len(_WORD.findall(text)) * 60.0 / max(rate, 1)


def estimate(script, cast) -> Estimate:
    """The running time of `script` rendered with `cast`, without synthesising a clip."""
    plans = plan_script(script, cast)
    samples: dict[str, int] = {}
    for plan in plans:
        for item in plan.items:
            says = item.says if isinstance(item, SayTogether) else (item,) if isinstance(item, Say) else ()
            for say in says:
                samples[say.request.key] = round(speaking_seconds(say.request.text, say.voice.rate) * MIX_RATE)
            if isinstance(item, PlayCue):
                for voice, request in zip(item.spec.voices, item.spec.requests):
                    samples[request.key] = round(speaking_seconds(request.text, voice.rate) * MIX_RATE)
    timeline = layout(plans, samples)
    speakers: dict[str, float] = {}
    words: dict[str, int] = {}
    for plan in plans:
        for item in plan.items:
            for say in item.says if isinstance(item, SayTogether) else (item,) if isinstance(item, Say) else ():
                name = say.voice.name
                speakers[name] = speakers.get(name, 0.0) + samples[say.request.key] / MIX_RATE
                words[name] = words.get(name, 0) + len(_WORD.findall(say.request.text))
    return Estimate(timeline.length / MIX_RATE, speakers, words)
