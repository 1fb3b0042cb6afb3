"""Trainee practice: a separate database, scripted callers and scoring.

Requests under PRACTICE_PREFIX run the ordinary screens of the desk against
the practice database, so trainees learn on the same call screens without
touching live records.
"""
