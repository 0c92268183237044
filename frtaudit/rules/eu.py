"""EU: AI Act, GDPR and the Law Enforcement Directive (profile ``eu-ai-act``): rules.md 4.4."""
