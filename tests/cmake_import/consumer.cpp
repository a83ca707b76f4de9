#include <cmath>
#include <paystrike/io/csv.hpp>
#include <paystrike/paystrike.hpp>

int main() {
  const paystrike::ScoreScaling scaling;
  const auto table = paystrike::parse_csv("a\n1\n", "inline");
  return scaling.score(std::log(50.0)) == 600.0 && table.num_rows() == 1 ? 0 : 1;
}
