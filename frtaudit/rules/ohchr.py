"""UN OHCHR reports A/HRC/48/31 and A/HRC/44/24 (profile ``nhrck``): rules.md section 4.6."""
