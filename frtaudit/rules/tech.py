"""Technical evidence: accuracy, bias, templates (profile ``nhrck`` and others): rules.md 4.7."""
