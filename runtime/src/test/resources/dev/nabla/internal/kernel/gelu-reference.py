"""Writes gelu-reference.csv: z, GELU(z) = z*Phi(z) and GELU'(z) = Phi(z) + z*phi(z), exact in
double (math.erf), for z from -12 to 12 in steps of 1/64 and a few extremes. Run:
python3 gelu-reference.py > gelu-reference.csv"""
import math

zs = [k / 64 for k in range(-12 * 64, 12 * 64 + 1)] + [-40.0, -20.0, 20.0, 40.0]
print("z,gelu,derivative")
for z in zs:
    cdf = 0.5 * math.erfc(-z / math.sqrt(2))
    pdf = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    print(f"{z!r},{z * cdf!r},{cdf + z * pdf!r}")
