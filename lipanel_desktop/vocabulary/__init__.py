"""The product's vocabulary: stored codes and the words users see for them.

Shared by services, printing and views, so it imports neither Qt nor SQLAlchemy. Labels
use the paper Form A's exact wording where the form has one.
"""
