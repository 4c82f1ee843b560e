"""The AI team\x27s providers arrive with the build pipeline."""
