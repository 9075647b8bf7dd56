"""Content in: YAML files read with positions, turned into checked and scored projects."""
