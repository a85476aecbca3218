"""The objectivity engine: a session's notes → an objectivised summary nobody can be traced in.

Pure and deterministic: text in, values out; no Slack, no database. The pipeline (engine.py) follows objectivity.md:
normalise Slack markup and find the people (names.py), segment and classify (classify.py), render each clause in
its impersonal pattern (rewrite.py, shapes.py, content.py, due.py, templates/<language>/objectivity.j2), then lint
(lint.py). Whatever cannot be made neutral mechanically is kept, marked and reported, never dropped or invented.
"""
