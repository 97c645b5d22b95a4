"""The hold timer widget and the sound cues it plays."""
