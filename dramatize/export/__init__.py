"""Writers: the audio container (audio.py, wav.py) and the sidecars beside it (sidecars.py)."""
