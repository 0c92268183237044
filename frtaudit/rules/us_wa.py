"""Washington State, RCW 43.386 (profile ``us-wa``): rules.md section 4.5."""
