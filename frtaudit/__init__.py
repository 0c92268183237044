"""frtaudit: audit inventories of CCTV and face-recognition systems for human-rights gaps."""

__version__ = "0.1.0"
