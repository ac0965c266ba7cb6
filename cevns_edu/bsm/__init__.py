"""Physics beyond the Standard Model with CEvNS: NSI, sin²θ_W, μ_ν, R_n, sterile ν, the neutrino floor."""
