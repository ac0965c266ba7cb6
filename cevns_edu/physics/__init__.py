"""The physics layer: constants, nuclei, kinematics, form factors, sources, cross sections and rates."""
