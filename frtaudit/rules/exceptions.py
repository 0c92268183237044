"""Exceptions (waivers) themselves (all profiles): rules.md section 4.8, ``EXC-*``."""
