"""Metrology rules (đo lường) as pure functions, each table with its legal source (issue 14, item 6).

Kept apart from the instrument register and the inspections so that each rule can be read and checked against
the text it comes from on its own (``docs/metrology.md``): the weighing errors (OIML R 76), the prepackaged goods
quantity rules (Circular 21/2014/TT-BKHCN, after OIML R 87), the verification periods of group-2 measuring
instruments (Circular 23/2013/TT-BKHCN as amended) and the sanctions cited for a failure (``legal.py``). A floor
under the features: it imports nothing but the domain floor.
"""
