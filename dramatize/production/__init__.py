"""The production: who speaks with which voice, what the hall sounds like, the tags.

  cast.py     what a cast is (plain data: voices, crowd, hall, cue rules, deliveries)
  config.py   a cast file (`voices/*.toml`) read and validated, every problem at once, no engine needed
  casting.py  a script's speakers given voices: the cast file's, or chosen automatically
"""
