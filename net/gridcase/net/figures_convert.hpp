// The figures calls on the wire (GetFigures, GetRanking, ListFigureCases, GetComplaintRates):
// requests to the
// core's queries, answers to the wire, with every figure's and rate's definition attached.
#pragma once

#include "gridcase/figure_service.hpp"
#include "gridcase/net/convert.hpp"

namespace gridcase::net {

// "2026-03-01" → day; INVALID_ARGUMENT "BAD_DATE" naming `field` otherwise.
Result<int> day_from_proto(const std::string& text, const char* field);

Result<FigureQuery> from_proto(const v1::GetFiguresRequest& in);
Result<FigureDrill> from_proto(const v1::ListFigureCasesRequest& in);
// Weights and bands; the defaults for what is left empty.
Result<RankingConfig> ranking_config_from_proto(const v1::GetRankingRequest& in);

void to_proto(const FigureCounts& in, v1::FigureSet* out);
void definitions_to_proto(google::protobuf::RepeatedPtrField<v1::FigureDefinition>* out);
// The response carries the definitions and the work-summary paragraph too.
void to_proto(const FigureReport& in, v1::GetFiguresResponse* out);
void to_proto(const Ranking& in, v1::GetRankingResponse* out);
// Each month's complaints, residents and rate; the period's rate, rank and trend; the target.
void to_proto(const ComplaintRates& in, v1::GetComplaintRatesResponse* out);

// Answers a figures call (the frame must hold one of the four).
v1::Reply figures_reply(FigureService& figures, const AsOf& at, UserId actor,
                        const v1::ClientFrame& frame);

// The label of [from, to) in a summary: "2026年" for a calendar year, "2026年3月" for a month,
// "2026年第一季度" for a quarter, "2026-03-01至2026-03-15" otherwise.
std::string summary_period(int from_day, int to_day);

}  // namespace gridcase::net
