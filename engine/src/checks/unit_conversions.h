// checks/unit_conversions.h (private) — one measure written in two units.
//
// A translation for another country converts its measures: "85 miles per
// hour" / "136 Kilometern pro Stunde", "2 to 4 inches" / "5 bis 10
// Zentimeter", "550 pound" / "250 Kilo". The numbers check asks, for two
// members whose tuple sentences each hold numbers the other lacks, whether
// one conversion explains all of them: one factor of the table (miles and
// kilometres, inches and centimetres, feet and metres, pounds and
// kilograms, gallons and litres, ounces and grams, acres and hectares,
// square miles and square kilometres, Fahrenheit and Celsius, either way)
// maps every such number of one member onto one of the other's, and every
// number of the other is reached, within the rounding translators use (2.5%
// of the converted value: "650 pound" / "290 Kilo"; no more for small
// numbers, where half a unit would let "2" pass for "3"). Factors near 1
// (yards and metres) are left out: a number changed by one would pass.
//
// No unit words are read: the conversion must explain every differing
// number of the two members at once, which a changed or misaligned number
// rarely does. O(factors · |A| · |B|).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace polyalign::checks {

// The value of a plain number key ("2645", "31.82"); nullopt for other keys
// (percentages, times, dates, codes).
std::optional<double> number_value(std::string_view key);

// Whether one conversion of the table maps every value of `a` onto a value
// of `b` and reaches every value of `b`. False if either is empty.
bool one_conversion(const std::vector<double>& a, const std::vector<double>& b);

// Whether one conversion of the table maps some value of `source` onto
// each value of `a` (not every value of `source` need be reached): `a`
// converts numbers `source` holds. Two versions that converted one
// measure and rounded it differently ("136" / "137" km from "85" miles)
// both convert the third's. False if either is empty.
bool converts(const std::vector<double>& source, const std::vector<double>& a);

}  // namespace polyalign::checks
