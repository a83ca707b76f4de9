/// @file paystrike.hpp
/// @brief The whole header-only core in one include.
#pragma once

#include "paystrike/confusion.hpp"
#include "paystrike/data.hpp"
#include "paystrike/features.hpp"
#include "paystrike/logistic.hpp"
#include "paystrike/ranking_metrics.hpp"
#include "paystrike/scaling.hpp"
#include "paystrike/score_model.hpp"
#include "paystrike/status.hpp"
#include "paystrike/version.hpp"
