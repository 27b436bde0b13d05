"""Widgets of the main screen; none of them touches the store directly."""
