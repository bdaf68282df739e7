"""Stage directions heard as sound: the kinds of sound (kinds.py), how each is made from numbers
(procedural.py), and how one cue is specified, arranged and rendered (sound.py)."""
