"""Korea: PIPA, PIPC guidance and the AI Basic Act (profile ``kr-pipa``): rules.md 4.2 and 4.3."""
