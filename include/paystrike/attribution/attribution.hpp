/// @file attribution.hpp
/// @brief The whole attribution concern in one include: evidence records, signals, the
/// evidence model, the seeded simulator, the portfolio summary, the service-adjusted
/// evaluation and early warning (namespace paystrike::attribution).
#pragma once

#include "paystrike/attribution/early_warning.hpp"
#include "paystrike/attribution/evidence.hpp"
#include "paystrike/attribution/evidence_model.hpp"
#include "paystrike/attribution/evidence_tables.hpp"
#include "paystrike/attribution/label_thresholds.hpp"
#include "paystrike/attribution/portfolio.hpp"
#include "paystrike/attribution/service_adjusted.hpp"
#include "paystrike/attribution/signals.hpp"
#include "paystrike/attribution/simulator.hpp"
