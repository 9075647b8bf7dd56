"""What staff bring in and start from: Excel import, the import template, new-file scaffolds."""
