"""Reporting: a run's record rendered for people — terminal summary, progress, the HTML report."""
