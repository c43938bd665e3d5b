// checks/name_counterparts.h (private) — names a translation translates.
//
// "Labour" is "Buruh" in Indonesian, "Nordkorea" is "Korea Utara": the
// name is not missing from the Indonesian sentence, it is translated. A
// translation is consistent: across the corpus (every bundle, or a pair's
// two documents), the tuples whose member of language A has the name are,
// in language B, the tuples with its translation. So the words of B are
// counted against each name of A that some tuple reports missing from a
// member of B (the counts are per language pair, over every tuple both
// languages are in). B translates name q when
//   - B lacks q in more than half of the tuples q is in (a language that
//     mostly keeps the name as it is does not translate it: where it lacks
//     it, it lacks it);
// and a word w of B is then a counterpart of q when
//   - they meet in at least kMinMeetings tuples (once is chance);
//   - the Dice coefficient 2·c(q,w) / (n(q) + n(w)) is at least kMinDice
//     (w comes with q at least as often as not, and q with w) and within
//     kDiceMargin of the name's best word;
//   - no word of A other than the name's own goes with w better (Dice) than
//     the name does: in a story of a crash, "tabrakan" comes with the
//     place's name "Deptford" in every tuple, but it comes with "crash"
//     more; "Buruh" comes with nothing as well as with "Labour".
// Words are counted by their stems (word_stem(): inflected forms count as
// one word). A name stays missing from a member unless that member's tuple
// sentences hold one of its counterparts that the name's own member does
// not also hold: a word both hold is the name itself or another name they
// share ("Corbyn" beside "Labour": deleting "Labour" must still be found).
//
// O(tuples · members² · words) to count, only for the names reported
// missing somewhere; the table holds those names' co-occurring words.
#pragma once

#include <vector>

#include "checks/names.h"
#include "checks/prepare.h"

namespace polyalign::checks {

// Clears from every checked name of `names` (one GroupNames per group, in
// the same order) the lacking members whose tuple sentences hold a
// counterpart of it, and notes in `translated_in` the lacking members whose
// language has counterparts of it (where none is in the tuple: the name is
// missing).
void drop_translated_names(const std::vector<Group>& groups, std::vector<GroupNames>& names);

}  // namespace polyalign::checks
