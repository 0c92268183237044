"""Stage 1, load: find inventory files, read them safely, parse TOML or JSON, validate, locate.

``inventory`` finds, reads, parses and validates (every problem with its file and line);
``positions`` maps TOML keys to lines; ``fastcheck`` is the jsonschema-rs fast path of validation;
``dates`` is the date rule both validators share; ``remote`` fetches inventories over HTTPS;
``schemas`` finds the JSON Schemas. Nothing here prints, exits or knows about rules.
"""
