/// @file paystrike.hpp
/// @brief The whole header-only core in one include (the attribution concern has its own
/// umbrella, paystrike/attribution/attribution.hpp).
#pragma once

#include "paystrike/binning.hpp"
#include "paystrike/calibration.hpp"
#include "paystrike/confidence_intervals.hpp"
#include "paystrike/confusion.hpp"
#include "paystrike/cutoff_selection.hpp"
#include "paystrike/data.hpp"
#include "paystrike/features.hpp"
#include "paystrike/lift.hpp"
#include "paystrike/logistic.hpp"
#include "paystrike/probability_metrics.hpp"
#include "paystrike/ranking_metrics.hpp"
#include "paystrike/scaling.hpp"
#include "paystrike/scorecard.hpp"
#include "paystrike/score_bands.hpp"
#include "paystrike/score_model.hpp"
#include "paystrike/stability.hpp"
#include "paystrike/statistical_distributions.hpp"
#include "paystrike/status.hpp"
#include "paystrike/variable_selection.hpp"
#include "paystrike/version.hpp"
