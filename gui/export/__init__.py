"""Taking the analysis out of the app: charts (PNG, SVG), data (CSV), reports (PDF, HTML)."""
