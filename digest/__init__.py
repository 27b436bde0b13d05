"""digest: turns bookmarked articles into a briefing. Takes Articles; knows no UI."""
