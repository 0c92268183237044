"""Stage 2, audit: run the selected rules over every system into one immutable Report.

``engine`` evaluates rules, applies waivers and builds the Report; ``profiles`` says which
rules and parameters each jurisdiction profile has; ``baseline`` compares with an earlier
run; ``workers`` and ``chunks`` spread big runs over processes; ``examples`` runs the rule
docs' examples. The rules themselves live in :mod:`frtaudit.rules`.
"""
