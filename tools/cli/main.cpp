// gridcase: the command-line client of gridcased.
//
//   gridcase [--server ws://HOST:PORT/ws] [--json] [--lang zh|en] [--token-file PATH] COMMAND ...
//
// Exit codes: 0 ok, 1 server error, 2 usage, 3 cannot connect, 4 not logged in.
#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <google/protobuf/stubs/common.h>

#include "action_verbs.hpp"
#include "cli_error.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "output.hpp"

namespace gc = gridcase::cli;

namespace {

const char* kUsageZh = R"(用法: gridcase [全局选项] 命令 [参数]

全局选项:
  --server ws://主机:端口/ws   服务器地址（默认 $GRIDCASE_SERVER，否则为登录时的服务器，
                               否则 ws://127.0.0.1:8080/ws）
  --json                       机器可读输出：每个结果一行 JSON
  --lang zh|en                 界面语言（默认 zh）
  --token-file 路径            登录凭据文件（默认 $GRIDCASE_TOKEN_FILE 或 ~/.config/gridcase/token）

登录:
  login 用户名 [--password 密码]      登录（不给密码则提示输入或从标准输入读取）
                                      登录凭据连同服务器地址一起保存，之后的命令不给 --server 即连接该服务器
  logout                              退出登录
  whoami                              当前用户和服务器
  passwd [--old 旧密码 --new 新密码]
                                      修改自己的密码（不给则提示输入；其他登录均退出）

组织与类别:
  org tree [--unit ID] [--retired]    组织架构树
  org move 单位ID --parent 上级单位ID  管理员：将单位（连同其下各级）划归另一上级
  categories [--kind 种类]            案件类别
  users list [--unit ID]              用户列表
  users create --username U --password P --role 角色 --scope 单位ID [--name 姓名]
  users reset-password 用户ID或用户名 [--password 新密码]
                                      管理员重置密码：其登录均退出，下次登录后须先修改密码
  users disable|enable 用户ID或用户名  管理员：停用（其登录即刻失效）或重新启用用户
  users end-sessions 用户ID或用户名    管理员：退出该用户的所有登录

案件:
  cases list [--kind K]... [--state S]... [--unit ID] [--text 文本] [--assignee 用户ID]
             [--leader 用户ID] [--category 代码] [--level L] [--sort newest|deadline]
             [--page-size N] [--page-token T] [--all]       deadline: 期限最近（已超期）的在前
  cases show 编号或ID                                               电话、身份证号均脱敏显示
  cases reveal 编号或ID --party 序号 --reason 事由                   查看当事人完整信息（记入审计）
  cases create --kind K --category 代码 --title 标题 --unit 网格或楼栋ID [--description 描述]
               [--channel 渠道] [--address 地址] [--party '姓名,电话,身份证号,角色']...
               [--priority P] [--request-id R]
  cases accept|resolve|close|resume 编号或ID [--reason 说明] [--outcome 结果]
  cases reject|return|escalate|reopen|suspend|comment 编号或ID --reason 原因
        [--escalation manual|risk] [--police-notified]
  cases dispatch 编号或ID --unit 处置单位ID [--to 承办人用户ID]
  cases merge 编号或ID --into 主案件编号或ID
  cases lead 编号或ID --to 包案领导用户ID
      以上命令都可加 [--version 版本] [--request-id R]；resolve 的 --outcome 默认 resolved。
  cases urge 编号或ID --reason 督办意见 [--target 'YYYY-MM-DD HH:MM']   督办（可指定要求完成时间，北京时间）
  cases extend 编号或ID --amount N [--clock resolve|response|return_window] --reason 理由
                                      申请延期（N 按时限的单位：小时或天；默认办结时限）
  cases decide-extension 编号或ID --approve|--deny [--reason 意见]      审批延期（主管）

时限:
  board [--unit ID] [--limit N]       督办看板：红/黄/已上报的数量（合计及各下级单位）和最紧急的案件
  policies list                       时限政策
  policies set 文件.json              新增或修改时限政策（管理员；DeadlinePolicy 的 protobuf JSON）
  calendar                            工作日历：已载入年份、暂定时限、缺少的年份
  calendar set 文件.cal               载入或替换一年的节假日安排（管理员）
  calendar days 起始日期 [截止日期]   每天是工作日、休息日、法定节假日还是调休上班
  calendar due 数量 工作日|工作小时|自然日 [--from "YYYY-MM-DD HH:MM"]
                                      自某时（默认现在）起的时限截止到哪天，同案件时限的算法

人民调解（矛盾纠纷；当事人序号从 1 开始）:
  mediation request 编号或ID [--committee 调解委员会ID]
                                      申请调解：把纠纷交给调解委员会（默认本社区的调委会），调解员随即可见
  mediation assign 编号或ID --committee 调解委员会ID --mediator 调解员用户ID... [--chosen-by-parties]
                                      指派调解委员会和调解员（可由当事人选定）
  mediation consent 编号或ID --party 序号 --agree | --refuse --refer arbitration|administrative|court
                                      当事人同意调解；拒绝则终止调解，引导至仲裁、行政或诉讼途径并结案
  mediation session 编号或ID --at 'YYYY-MM-DD HH:MM' --place 地点 --attendee 姓名... --record 笔录
                    [--investigation]   调解笔录（或调查笔录）
  mediation agreement 编号或ID --parties-info 当事人基本情况 --facts 主要事实 --disputes 争议事项
                      --responsibilities 各方责任 --term '协议内容|履行方式|YYYY-MM-DD'...
                      [--party-detail '序号|民族|职业|住址']...
                                      制作调解协议书（人民调解法第二十九条）
  mediation sign 编号或ID --party 序号 [--mark signature|seal|thumbprint] | --mediator
                                      签名、盖章或按指印；调解员签名并加盖调解委员会印章。全部签章后
                                      协议生效：以调解协议办结，开始30日司法确认申请期
  mediation follow-up 编号或ID --performed|--not-performed --reason 回访情况   回访（结案前）
  mediation refer 编号或ID --to arbitration|administrative|court --reason 理由   调解不成，引导其他途径
  mediation risk 编号或ID --reason 风险情况 --police-notified   有激化风险：上报并记录已通知公安（第二十五条）
  mediation not-performed 编号或ID --remediate | --refer court --reason 未履行情况
                                      协议未履行（已结案）：重新调解，或引导诉讼（人民调解法第三十二、三十三条）
  mediation dossier 编号或ID [--out 文件.html]   生成可打印的人民调解卷宗（工作稿，当事人信息隐去）
  mediation dossier 编号或ID --archive [--reason 事由] [--out 文件.html]
                                      归档件：当事人基本情况完整（第二十九条），记入审计

信访:
  petition register --category 代码 --title 标题 --unit 单位ID --party '姓名,电话,身份证号,角色'...
                    [--channel walk_in|letter|phone|online|fax] [--matter 信访事项] [--persons 人数]
                    [--representative 序号]... [--received-level 层级] [--competent-level 层级]
                    [--legal-route litigation|arbitration|administrative_review]
                    [--confidential 序号]... [--complained-unit 被反映单位ID]
                                      登记信访件（来访记批次和人数，集体访推选不超过5名代表）
  petition check 编号或ID               受理审查（第十九、二十、三十一、三十六条）
  petition decide 编号或ID [--override --reason 理由]   受理；有不予受理情形的，出具不予受理告知书
  petition decision 编号或ID --decision support|explain|not_support --basis 依据   出具处理意见书
  petition review|re-review 编号或ID --reason 理由      申请复查 / 申请复核（30日内）
  petition review-decision|re-review-decision 编号或ID --decision 意见 --basis 依据   复查/复核意见
  petition notices 编号或ID             告知书和意见书
  petition history --id-number 身份证号 --reason 事由   同一信访人跨渠道、跨层级、跨年度的全部案件（记入审计）
  cases person --name 姓名 | --phone 电话 | --id-number 身份证号 --reason 事由
                                      按当事人姓名、电话或身份证号查找其案件（可查看个人信息的角色，记入审计）

安全隐患排查整改:
  hazard inspect --unit 网格或楼栋ID --site 场所 | --inspection 计划排查ID [--version 版本]
                 [--hazard '分类代码|general或major|整改天数|person或business|责任方|联系方式|描述']...
                 [--ok 无隐患的检查项]... [--note 备注]   记录排查；每个隐患登记为一件安全隐患案件
  hazard rectify 编号或ID --reason 整改情况 [--evidence 附件ID或SHA-256]...   报告整改
  hazard reinspect 编号或ID --pass | --fail --days 新整改天数 --reason 复查意见   复查：通过即销号
  hazard inspections [--unit ID] [--state planned|done]   排查记录和待排查任务
  hazard plan create --unit 网格或楼栋ID --site 场所 --every 天数 --inspector 用户ID [--first 'YYYY-MM-DD HH:MM']
  hazard plan list [--unit ID]        定期排查计划
  hazard plan run-due                 立即生成到期的排查任务（主管；服务器也会自动生成）

民生项目:
  projects create --name 项目名称 --unit 责任单位ID --start YYYY-MM-DD [--budget 预算元]
                  [--estate '小区名称|所在单位ID|户数']... [--milestone '节点名称|计划日期']...   项目立项
  projects show 项目ID                项目页：节点（红黄绿）、进展、关联投诉
  projects list [--unit ID] [--state active|finished]   项目看板（红色在前）
  projects milestone 项目ID --add --name 节点名称 --date 计划日期     新增节点
  projects milestone 项目ID --edit 节点ID [--name 名称] [--date 计划日期]   修改未完成的节点
  projects milestone 项目ID --done 节点ID [--date 实际日期]           节点完成（默认今天）
  projects update 项目ID --note 进展情况 [--photo 照片文件]...        进展更新（JPEG/PNG/WebP，最多9张，合计不超过服务器帧上限，默认1MB）
  projects link 项目ID 投诉案件编号或ID；projects unlink 项目ID 案件编号或ID   关联/取消关联投诉
  projects finish 项目ID [--date 竣工日期]   项目竣工（节点须全部完成）
  projects figures [--unit ID]        项目统计：按期、滞后、已竣工；竣工前后关联投诉数

吹哨报到:
  whistle blow 编号或ID --dept 职能部门ID... --by 'YYYY-MM-DD HH:MM' | --within 2h   街道吹哨，部门限时报到
  whistle checkin 编号或ID --reason 本部门的工作 [--dept 部门ID]   部门报到（超时记为迟到）
  whistle rate 编号或ID --dept 部门ID --rating 1-5 [--reason 评价]   街道评价报到部门
  whistle list [编号或ID]              吹哨案件及各部门报到情况

预警（主管）:
  warnings list [--unit ID] [--kind repeat_contact|hot_spot] [--state open|acknowledged|...] [--page 标记]
                                      本辖区的预警，最新的在前（涉及个人的只显示脱敏信息）
  warnings show 预警ID                 预警详情及处置记录
  warnings ack 预警ID [--reason 备注]   知悉
  warnings dismiss 预警ID --reason 理由   排除（记入审计）
  warnings link 预警ID --case 编号或ID   关联已有案件
  warnings case 预警ID [--kind 类型] [--category 代码] [--title 标题] [--reason 说明]   转为案件
  warnings policy                      现行预警阈值及历史版本
  warnings set-policy [--repeat-count N] [--repeat-days M] [--hot-window-days 7] [--hot-baseline-days 28]
                      [--hot-min-count 5] [--hot-factor-percent 300] [--group-persons 5]
                      [--petition-levels-above 1] [--stalled-working-days 5]
                      [--basis 依据]   修改阈值（管理员，新版本；未给的取内置值）
      延期: cases extend 编号或ID --amount 天数（仅一次，不超过30日）, cases decide-extension

物业企业与群众恳谈会:
  property companies|estates [--company ID]   物业企业及其服务小区、户数
  property add-estate --company ID --community 社区ID --name 小区名 --households 户数   登记服务小区
  property send 编号或ID --company ID [--reason 说明]   把案件派给物业企业（即派遣）
  property figures --company ID [--month YYYY-MM]   每千户投诉、响应率、解决率、满意率、返工率
  property ranking [--month YYYY-MM]   物业企业排名（每千户投诉由低到高）
  report property --company ID --month YYYY-MM --format html|csv [--out 文件]   监督评议月报
  forums record --unit 社区ID --date YYYY-MM-DD --place 地点 --attendance 人数 [--opinion 意见]...   记录恳谈会
  forums show ID | forums list [--unit ID]   恳谈会及意见处理情况
  forums opinion-case 恳谈会ID 意见序号 --category 分类代码 --unit 网格ID [--kind K] [--title 标题]   意见转为案件
  forums opinion-answer 恳谈会ID 意见序号 --answer 答复   当场答复
  forums figures [--unit ID] [--month YYYY-MM]   各社区恳谈会召开、意见及转案情况

12345工单:
  hotline receive --order-no 工单号 --category 代码 --title 标题 --unit 单位ID --requester 姓名
                  --phone 电话 --dispatched-at 'YYYY-MM-DD HH:MM' [--class urgent|normal]
                                      接收工单（同一工单号重复接收返回原案件；内容不同则报错）
  hotline sign 编号或ID                签收（停止响应时限）
  hotline contact 编号或ID --method phone|visit|sms|other --result 联系结果 [--at 时间]   先行联系
  hotline return 编号或ID --reason 理由          退单（接收后2个工作日内）
  hotline decide-return 编号或ID --uphold|--reject   审核退单：成立则退回12345（不计入任何单位）
  hotline reply 编号或ID --reason 答复内容        答复12345
  hotline callback 编号或ID --solved yes|no --satisfied yes|no   回访结果；不满意则重办（计入返工）
  hotline appeal 编号或ID --reason 申诉理由      对回访评价申诉
  hotline decide-appeal 编号或ID --uphold|--reject   审核申诉：成立则该评价不计入三率
  hotline show 编号或ID                工单办理情况
      延期: cases extend 编号或ID --amount 天数, cases decide-extension（截止前申请）

同一事项与证据附件:
  cases duplicates 编号或ID | --kind K --category 代码 [--unit ID] [--address 地址] [--title 标题]
                   [--description 描述] [--id-number 身份证号]... [--matter 事项]
                                      疑似重复的案件：同一网格、同一上级类别、时间相近，地点相同或内容相近；
                                      信访：同一人同一事项（登记新案件时也会提示）
  cases link|unlink 编号或ID 另一编号或ID [--reason 理由]   关联 / 取消关联（两案历史均记录）
  cases merge 编号或ID --into 主案件 [--reason 理由]   合并：主案件统一办理，子案件保留各自时限，主案件办结/结案时
                                      随之办结/结案；类别或地点不同时须填写理由
  cases unmerge 编号或ID [--reason 理由]  撤销合并（主案件未办结前），恢复原状态和时限
  cases related 编号或ID                关联案件和并入本案的案件
  attach 编号或ID 文件 [--type 媒体类型] [--note 说明] [--lat 纬度 --lon 经度] [--captured-at 毫秒]
                                      分块上传附件（核对 sha256）
  attachments 编号或ID                 案件的附件（上传人、时间、位置）
  download 附件ID [--out 文件]         分块下载附件（核对 sha256）
  categories evidence 代码 --required|--not-required   管理员：该类别办结前是否须上传证据

考核与报表（期间: --year YYYY | --quarter YYYY-Qn | --month YYYY-MM | --from 日期 --to 日期，默认今年）:
  report figures [--unit ID] [期间] [--by unit|kind|category|channel|department]... [--trend day|week|month|quarter|year]
                 [--kind K] [--category 代码] [--channel C]     各项数据与比率（口径见 report definitions）
  report ranking [--unit ID] [期间] [--weights closure=0.3,on_time=0.4,...] [--green 90] [--yellow 75]
                                      下级单位综合排名（绿/黄/红），及吹哨报到部门排名（双考核）
  report cases 指标代码 [--unit ID] [期间] [--page-size N] [--page-token T]   指标背后的案件
  report complaints [--unit ID] [期间]  12345投诉率：每万人每月投诉件数、趋势、目标值和下级排名
  population load 文件.csv             管理员：导入社区、网格人口底数（单位编码,统计日期,人口,户数）
  population target 街道ID 件数        管理员：设置街道的12345投诉率目标值（每万人每月）
  report summary [--unit ID] [期间]    工作总结段落
  report csv [--unit ID] [期间] [--by ...] [--trend P] [--out 文件]          CSV（可用表格软件打开）
  report html [--unit ID] [期间] [--out 文件]                               含图表的独立 HTML 报告
  report definitions                  各项指标的口径

订阅:
  watch [--unit ID] [--kind K]... [--from 序号] [--count N]   实时显示案件事件（含临期预警、超期、超期自动上报）

枚举取值不区分大小写，不带前缀，例如 --kind dispute、--state in_progress。
退出码: 0 成功, 1 服务器返回错误, 2 用法错误, 3 无法连接, 4 未登录。
)";

const char* kUsageEn = R"(Usage: gridcase [global options] COMMAND [args]

Global options:
  --server ws://HOST:PORT/ws   server (default $GRIDCASE_SERVER, else the server of the login,
                               else ws://127.0.0.1:8080/ws)
  --json                       machine output: one JSON object per result, one per line
  --lang zh|en                 language of messages (default zh)
  --token-file PATH            token file (default $GRIDCASE_TOKEN_FILE or ~/.config/gridcase/token)

Session:
  login USER [--password P]           log in (without --password: prompt, or read stdin)
                                      the token is kept with the server's address: later commands
                                      without --server talk to that server
  logout                              end the session
  whoami                              the logged-in user and the server
  passwd [--old P --new P]            change your own password (prompted when not given; every
                                      other session ends)

Org and categories:
  org tree [--unit ID] [--retired]    the org tree
  org move UNIT_ID --parent PARENT_ID admins: move a unit (and all below it) under another parent
  categories [--kind K]               case categories
  users list [--unit ID]              users
  users create --username U --password P --role ROLE --scope UNIT_ID [--name NAME]
  users reset-password USER_ID_OR_NAME [--password P]
                                      admins: reset a password; the user's sessions end and they
                                      must change it at their next login
  users disable|enable USER_ID_OR_NAME admins: disable a user (their sessions stop working at once)
                                      or enable them again
  users end-sessions USER_ID_OR_NAME  admins: end every session of a user

Cases:
  cases list [--kind K]... [--state S]... [--unit ID] [--text T] [--assignee USER_ID]
             [--leader USER_ID] [--category CODE] [--level L] [--sort newest|deadline]
             [--page-size N] [--page-token T] [--all]       deadline: nearest (overdue) deadline first
  cases show ID_OR_NUMBER                                          phone and ID numbers come masked
  cases reveal ID_OR_NUMBER --party N --reason R                   one party in full (audited)
  cases create --kind K --category CODE --title T --unit GRID_OR_BUILDING_ID [--description D]
               [--channel C] [--address A] [--party 'name,phone,id,ROLE']...
               [--priority P] [--request-id R]
  cases accept|resolve|close|resume ID_OR_NUMBER [--reason NOTE] [--outcome O]
  cases reject|return|escalate|reopen|suspend|comment ID_OR_NUMBER --reason R
        [--escalation manual|risk] [--police-notified]
  cases dispatch ID_OR_NUMBER --unit UNIT_ID [--to ASSIGNEE_USER_ID]
  cases merge ID_OR_NUMBER --into MAIN_ID_OR_NUMBER
  cases lead ID_OR_NUMBER --to LEADER_USER_ID
      each takes [--version V] [--request-id R]; resolve's --outcome defaults to resolved.
  cases urge ID_OR_NUMBER --reason R [--target 'YYYY-MM-DD HH:MM']   urge, optionally with a target
                                      time (Asia/Shanghai)
  cases extend ID_OR_NUMBER --amount N [--clock resolve|response|return_window] --reason R
                                      ask for more time (N in the clock's unit, hours or days;
                                      the resolve clock by default)
  cases decide-extension ID_OR_NUMBER --approve|--deny [--reason R]   decide on it (supervisors)

Deadlines:
  board [--unit ID] [--limit N]       the supervision board: red/yellow/escalated counts (total and
                                      per child unit) and the most urgent cases
  policies list                       deadline policies
  policies set FILE.json              add or change a policy (admins; DeadlinePolicy as protobuf JSON)
  calendar                            the working calendar: years loaded, provisional clocks, missing years
  calendar set FILE.cal               load or replace one year's holiday notice (admins)
  calendar days FROM [TO]             whether each day is a working day, a rest day, a holiday or a weekend day worked
  calendar due AMOUNT working-days|working-hours|calendar-days [--from "YYYY-MM-DD HH:MM"]
                                      when a time limit from then (default now) ends, as case clocks count it

People's mediation (disputes; parties are numbered from 1):
  mediation request ID_OR_NUMBER [--committee UNIT_ID]
                                      refer a dispute to a mediation committee (by default the
                                      community's); its mediators see it from then on
  mediation assign ID_OR_NUMBER --committee UNIT_ID --mediator USER_ID... [--chosen-by-parties]
  mediation consent ID_OR_NUMBER --party N --agree | --refuse --refer arbitration|administrative|court
                                      a refusal ends mediation: the case closes as referred
  mediation session ID_OR_NUMBER --at 'YYYY-MM-DD HH:MM' --place P --attendee NAME... --record TEXT
                    [--investigation]   a mediation session (or the investigation) record
  mediation agreement ID_OR_NUMBER --parties-info T --facts T --disputes T --responsibilities T
                      --term 'content|how performed|YYYY-MM-DD'...   the agreement (art. 29)
                      [--party-detail 'N|ethnicity|occupation|address']...
  mediation sign ID_OR_NUMBER --party N [--mark signature|seal|thumbprint] | --mediator
                                      the last signature makes it effective: resolved as AGREEMENT,
                                      30-day judicial confirmation window
  mediation follow-up ID_OR_NUMBER --performed|--not-performed --reason NOTE   follow-up (before closing)
  mediation refer ID_OR_NUMBER --to arbitration|administrative|court --reason R   mediation failed
  mediation risk ID_OR_NUMBER --reason R --police-notified   RISK escalation (art. 25)
  mediation dossier ID_OR_NUMBER [--out FILE.html]   the printable case file (working copy, masked)
  mediation dossier ID_OR_NUMBER --archive [--reason R] [--out FILE.html]
                                      the copy for the archive: parties in full (art. 29), audited
  mediation not-performed ID_OR_NUMBER --remediate | --refer court --reason R
                                      a closed agreement not performed: mediate again, or refer
                                      (人民调解法 art. 32, 33)

Petitions:
  petition register --category CODE --title T --unit UNIT_ID --party 'name,phone,id,ROLE'...
                    [--channel walk_in|letter|phone|online|fax] [--matter M] [--persons N]
                    [--representative N]... [--received-level L] [--competent-level L]
                    [--legal-route litigation|arbitration|administrative_review]
                    [--confidential N]... [--complained-unit UNIT_ID]
  petition check ID_OR_NUMBER           the acceptance check (art. 19, 20, 31, 36)
  petition decide ID_OR_NUMBER [--override --reason R]   accept, or not accepted with the
                                      article and the written notice
  petition decision ID_OR_NUMBER --decision support|explain|not_support --basis B
  petition review|re-review ID_OR_NUMBER --reason R                 ask for review / re-review
  petition review-decision|re-review-decision ID_OR_NUMBER --decision D --basis B
  petition notices ID_OR_NUMBER         the written notices
  petition history --id-number N --reason R   a person's cases across channels, levels and years (audited)
  cases person --name NAME | --phone PHONE | --id-number N --reason R
                                      a party's cases by name, phone or ID number (roles that may see
                                      personal data; audited)

Hazards (inspection and rectification):
  hazard inspect --unit UNIT_ID --site SITE | --inspection PLANNED_ID [--version V]
                 [--hazard 'CATEGORY|general or major|DAYS|person or business|RESPONSIBLE|CONTACT|DESCRIPTION']...
                 [--ok FINDING]... [--note NOTE]   record an inspection; each hazard becomes a HAZARD case
  hazard rectify ID_OR_NUMBER --reason NOTE [--evidence ATTACHMENT_ID_OR_SHA256]...   report the fix
  hazard reinspect ID_OR_NUMBER --pass | --fail --days N --reason R   a pass closes the hazard
  hazard inspections [--unit ID] [--state planned|done]   inspections done and planned
  hazard plan create --unit UNIT_ID --site SITE --every DAYS --inspector USER_ID [--first 'YYYY-MM-DD HH:MM']
  hazard plan list [--unit ID]        recurring inspection plans
  hazard plan run-due                 make the due inspections now (supervisors; the server does it too)

Livelihood projects (民生项目):
  projects create --name NAME --unit UNIT_ID --start YYYY-MM-DD [--budget YUAN]
                  [--estate 'ESTATE|UNIT_ID|HOUSEHOLDS']... [--milestone 'NAME|PLANNED_DATE']...
  projects show PROJECT_ID            the project page: milestones (red/yellow/green), updates, complaints
  projects list [--unit ID] [--state active|finished]   the project board, red first
  projects milestone PROJECT_ID --add --name NAME --date PLANNED | --edit ID [--name] [--date]
                                      | --done ID [--date ACTUAL]
  projects update PROJECT_ID --note NOTE [--photo FILE]...   progress with photos (JPEG/PNG/WebP)
  projects link|unlink PROJECT_ID CASE_ID_OR_NUMBER   link a complaint to the project, or unlink it
  projects finish PROJECT_ID [--date YYYY-MM-DD]   every milestone reached: the project is finished
  projects figures [--unit ID]        on time, late, done; complaints before and after completion

Whistle and report (吹哨报到):
  whistle blow ID_OR_NUMBER --dept UNIT_ID... --by 'YYYY-MM-DD HH:MM' | --within 2h   call departments in
  whistle checkin ID_OR_NUMBER --reason CONTRIBUTION [--dept UNIT_ID]   report in (late after the time)
  whistle rate ID_OR_NUMBER --dept UNIT_ID --rating 1-5 [--reason COMMENT]   rate a department
  whistle list [ID_OR_NUMBER]          whistled cases and each department's check-in

Early warnings (supervisors):
  warnings list [--unit ID] [--kind repeat_contact|hot_spot] [--state open|acknowledged|...] [--page TOKEN]
                                      the warnings of your scope, newest first (persons masked)
  warnings show WARNING_ID             a warning and its handling
  warnings ack WARNING_ID [--reason NOTE]
  warnings dismiss WARNING_ID --reason REASON
  warnings link WARNING_ID --case ID_OR_NUMBER
  warnings case WARNING_ID [--kind KIND] [--category CODE] [--title TITLE] [--reason NOTE]   make a case of it
  warnings policy                      the thresholds in force and their versions
  warnings set-policy [--repeat-count N] [--repeat-days M] [--hot-window-days 7] [--hot-baseline-days 28]
                      [--hot-min-count 5] [--hot-factor-percent 300] [--group-persons 5]
                      [--petition-levels-above 1] [--stalled-working-days 5]
                      [--basis TEXT]   admins: a new version
      extension: cases extend ID --amount DAYS (once, at most 30) and cases decide-extension

Property companies and residents' forums (物业企业, 恳谈会):
  property companies|estates [--company ID]   the companies, their estates and households
  property add-estate --company ID --community ID --name NAME --households N   record an estate
  property send ID_OR_NUMBER --company ID [--reason R]   send a case to a company (a dispatch)
  property figures --company ID [--month YYYY-MM]   complaints per 1,000 households and the rates
  property ranking [--month YYYY-MM]   the companies ranked, lowest complaints per 1,000 first
  report property --company ID --month YYYY-MM --format html|csv [--out FILE]   the monthly 监督评议 report
  forums record --unit ID --date YYYY-MM-DD --place PLACE --attendance N [--opinion TEXT]...
  forums show ID | forums list [--unit ID]   forums and what became of their opinions
  forums opinion-case FORUM_ID N --category CODE --unit GRID_ID [--kind K] [--title T]   an opinion becomes a case
  forums opinion-answer FORUM_ID N --answer TEXT   answered on the spot
  forums figures [--unit ID] [--month YYYY-MM]   forums, opinions and their cases per community

12345 hotline work orders:
  hotline receive --order-no NO --category CODE --title T --unit UNIT_ID --requester NAME
                  --phone PHONE --dispatched-at 'YYYY-MM-DD HH:MM' [--class urgent|normal]
                                      receive an order (the same number again answers the existing
                                      case; with other content it is refused)
  hotline sign ID_OR_NUMBER            sign for it (stops the RESPONSE clock)
  hotline contact ID_OR_NUMBER --method phone|visit|sms|other --result R [--at TIME]   first contact
  hotline return ID_OR_NUMBER --reason R        return it (within 2 working days of receipt)
  hotline decide-return ID_OR_NUMBER --uphold|--reject   uphold: back to the hotline, counted to no one
  hotline reply ID_OR_NUMBER --reason R         reply to the hotline centre
  hotline callback ID_OR_NUMBER --solved yes|no --satisfied yes|no   the centre's callback;
                                      unsatisfied reopens the order (rework)
  hotline appeal ID_OR_NUMBER --reason R        appeal the callback's rating
  hotline decide-appeal ID_OR_NUMBER --uphold|--reject   uphold: the rating leaves the three rates
  hotline show ID_OR_NUMBER            the order's record
      extension: cases extend and cases decide-extension, asked before the deadline

One matter, many sources; evidence:
  cases duplicates ID_OR_NUMBER | --kind K --category CODE [--unit ID] [--address A] [--title T]
                   [--description D] [--id-number N]... [--matter M]
                                      likely duplicates: same grid, same parent category, close in
                                      time, and the same place or similar text; petitions: same
                                      person, same matter (also shown when a case is created)
  cases link|unlink ID_OR_NUMBER OTHER [--reason R]   relate two cases (both histories record it)
  cases merge ID_OR_NUMBER --into PARENT [--reason R]   the parent is handled once; the child keeps
                                      its clocks and follows the parent when it resolves or closes;
                                      another category or place needs a reason
  cases unmerge ID_OR_NUMBER [--reason R]  while the parent is open: back to its state and clocks
  cases related ID_OR_NUMBER          linked cases and the cases merged into it
  attach ID_OR_NUMBER FILE [--type MEDIA_TYPE] [--note N] [--lat LAT --lon LON] [--captured-at MS]
                                      upload a file in chunks (sha256 checked)
  attachments ID_OR_NUMBER            a case's attachments (who, when, where)
  download ATTACHMENT_ID [--out FILE] download in chunks (sha256 checked)
  categories evidence CODE --required|--not-required   admins: evidence before resolving

Figures and reports (period: --year YYYY | --quarter YYYY-Qn | --month YYYY-MM | --from D --to D; default this year):
  report figures [--unit ID] [PERIOD] [--by unit|kind|category|channel|department]... [--trend day|week|month|quarter|year]
                 [--kind K] [--category CODE] [--channel C]   counts and rates (see report definitions)
  report ranking [--unit ID] [PERIOD] [--weights closure=0.3,on_time=0.4,...] [--green 90] [--yellow 75]
                                      child units by composite score (green/yellow/red), and the departments whistled in
  report cases FIGURE [--unit ID] [PERIOD] [--page-size N] [--page-token T]   the cases behind a figure
  report complaints [--unit ID] [PERIOD]  12345 complaints per 10,000 residents a month, trend, target, ranking
  population load FILE.csv            admins: load communities' and grids' populations (unit_code,counted_on,residents,households)
  population target SUB_DISTRICT_ID N admins: a sub-district's complaint target per 10,000 residents a month
  report summary [--unit ID] [PERIOD]  the work-summary paragraph (Chinese)
  report csv [--unit ID] [PERIOD] [--by ...] [--trend P] [--out FILE]        CSV for spreadsheets
  report html [--unit ID] [PERIOD] [--out FILE]                             self-contained HTML report
  report definitions                  what every figure and rate counts

Events:
  watch [--unit ID] [--kind K]... [--from SEQ] [--count N]   print case events as they happen
                                      (deadline warnings, expiries and escalations included)

Enum values are case-insensitive, without prefix: --kind dispute, --state in_progress.
Exit codes: 0 ok, 1 server error, 2 usage, 3 cannot connect, 4 not logged in.
)";

void print_usage(std::ostream& out) { out << gc::tr(kUsageZh, kUsageEn); }

struct Parsed {
  gc::GlobalOptions options;
  bool help = false;
  std::vector<std::string> words;
};

// Global options may appear anywhere; they are taken out of the words the command sees, which
// keep their order (CLI11 leaves them as extras). Words from a lone "--" on go to the command as
// they are, "--" included.
Parsed parse_global(int argc, char** argv) {
  Parsed p;
  std::vector<std::string> in(argv + 1, argv + argc);
  const auto dashes = std::find(in.begin(), in.end(), std::string("--"));
  const std::vector<std::string> after(dashes, in.end());
  in.erase(dashes, in.end());

  CLI::App app;
  app.allow_extras();
  app.set_help_flag();  // --help prints the bilingual usage below, not CLI11's
  std::string lang_text;
  CLI::Option* lang = app.add_option("--lang", lang_text);
  for (CLI::Option* o : {app.add_option("--server", p.options.server)->envname("GRIDCASE_SERVER"),
                         app.add_option("--token-file", p.options.token_file), lang,
                         app.add_flag("--json", p.options.json)->disable_flag_override(),
                         app.add_flag("-h,--help", p.help)->disable_flag_override()}) {
    o->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // a later --server wins
  }
  std::reverse(in.begin(), in.end());  // CLI11 takes them last first
  try {
    app.parse(in);
  } catch (const CLI::ArgumentMismatch& e) {
    // "--server: 1 required TEXT missing" or "json was given a disallowed flag override".
    std::string name = e.what();
    name = name.substr(0, name.find_first_of(": "));
    name.erase(0, name.find_first_not_of('-'));
    const bool flag = name == "json" || name == "help";
    throw gc::UsageError(std::string(flag ? gc::tr("选项不接受取值", "option takes no value")
                                          : gc::tr("选项缺少取值", "option needs a value")) +
                         " --" + name);
  } catch (const CLI::ParseError& e) {
    throw gc::UsageError(e.what());
  }
  if (lang->count() > 0) {
    auto chosen = gc::parse_lang(lang_text);
    if (!chosen) throw gc::UsageError("--lang zh|en");
    gc::set_lang(*chosen);
  }
  p.words = app.remaining();
  p.words.insert(p.words.end(), after.begin(), after.end());
  return p;
}

int run(gc::Client& client, const std::vector<std::string>& words) {
  const std::string& cmd = words[0];
  const std::string sub = words.size() > 1 ? words[1] : "";
  auto rest = [&](std::size_t n) { return std::vector<std::string>(words.begin() + static_cast<long>(n), words.end()); };

  if (cmd == "login") return gc::login(client, rest(1));
  if (cmd == "logout") return gc::logout(client, rest(1));
  if (cmd == "whoami") return gc::whoami(client, rest(1));
  if (cmd == "passwd") return gc::change_password(client, rest(1));
  if (cmd == "categories" && sub == "evidence") return gc::evidence_command(client, sub, rest(2));
  if (cmd == "categories") return gc::list_categories(client, rest(1));
  if (cmd == "attach" || cmd == "attachments" || cmd == "download") return gc::evidence_command(client, cmd, rest(1));
  if (cmd == "watch") return gc::watch(client, rest(1));
  if (cmd == "board") return gc::board(client, rest(1));
  if (cmd == "report" && sub == "property") return gc::property_report(client, rest(2));
  if (cmd == "report") return gc::report(client, rest(1));
  if (cmd == "property" || cmd == "forums") {
    const bool property = cmd == "property";
    for (const auto& v : property ? gc::property_words() : gc::forums_words()) {
      if (sub == v) return property ? gc::property_command(client, sub, rest(2)) : gc::forums_command(client, sub, rest(2));
    }
    return property ? gc::property_command(client, sub, rest(2)) : gc::forums_command(client, sub, rest(2));
  }
  if (cmd == "population") return gc::population(client, rest(1));
  if (cmd == "policies") {
    if (sub == "list") return gc::list_policies(client, rest(2));
    if (sub == "set") return gc::set_policy(client, rest(2));
    throw gc::UsageError(gc::tr("用法: gridcase policies list|set 文件.json", "usage: gridcase policies list|set FILE.json"));
  }
  if (cmd == "calendar") {
    if (sub == "set") return gc::set_calendar(client, rest(2));
    if (sub == "days") return gc::calendar_days(client, rest(2));
    if (sub == "due") return gc::calendar_due(client, rest(2));
    return gc::show_calendar(client, rest(1));
  }
  if (cmd == "org") {
    if (sub == "tree") return gc::org_tree(client, rest(2));
    if (sub == "move") return gc::move_unit(client, rest(2));
    throw gc::UsageError(gc::tr("用法: gridcase org tree [--unit ID] | org move 单位ID --parent 上级单位ID",
                                "usage: gridcase org tree [--unit ID] | org move UNIT_ID --parent PARENT_ID"));
  }
  if (cmd == "users") {
    if (sub == "list") return gc::list_users(client, rest(2));
    if (sub == "create") return gc::create_user(client, rest(2));
    if (sub == "reset-password") return gc::reset_password(client, rest(2));
    if (sub == "disable") return gc::set_user_disabled(client, rest(2), true);
    if (sub == "enable") return gc::set_user_disabled(client, rest(2), false);
    if (sub == "end-sessions") return gc::end_user_sessions(client, rest(2));
    throw gc::UsageError(gc::tr("用法: gridcase users list|create|reset-password|disable|enable|end-sessions ...",
                                "usage: gridcase users list|create|reset-password|disable|enable|end-sessions ..."));
  }
  if (cmd == "cases") {
    if (sub.empty()) {
      throw gc::UsageError(gc::tr("用法: gridcase cases list|show|create|<操作> ...",
                                  "usage: gridcase cases list|show|create|<action> ..."));
    }
    if (sub == "list") return gc::list_cases(client, rest(2));
    if (sub == "show") return gc::show_case(client, rest(2));
    if (sub == "create") return gc::create_case(client, rest(2));
    if (sub == "reveal") return gc::reveal_party(client, rest(2));
    if (sub == "person") return gc::petition_command(client, "history", rest(2));
    if (sub == "duplicates" || sub == "link" || sub == "unlink" || sub == "unmerge" || sub == "related") {
      return gc::evidence_command(client, sub, rest(2));
    }
    for (const auto& a : gc::case_action_words()) {
      if (sub == a) return gc::case_action(client, sub, rest(2));
    }
    throw gc::UsageError(std::string(gc::tr("未知的 cases 子命令 ", "unknown cases subcommand ")) + sub);
  }
  if (cmd == "hazard" || cmd == "whistle") {
    const bool hazard = cmd == "hazard";
    for (const auto& v : hazard ? gc::hazard_words() : gc::whistle_words()) {
      if (sub == v) return hazard ? gc::hazard_command(client, sub, rest(2)) : gc::whistle_command(client, sub, rest(2));
    }
    throw gc::UsageError(std::string(gc::tr("未知的子命令 ", "unknown subcommand ")) + cmd + " " + sub);
  }
  if (cmd == "projects") {
    for (const auto& v : gc::project_words()) {
      if (sub == v) return gc::project_command(client, sub, rest(2));
    }
    throw gc::UsageError(std::string(gc::tr("未知的子命令 ", "unknown subcommand ")) + cmd + " " + sub);
  }
  if (cmd == "mediation" || cmd == "petition") {
    const bool mediation = cmd == "mediation";
    for (const auto& v : mediation ? gc::mediation_words() : gc::petition_words()) {
      if (sub == v) return mediation ? gc::mediation_command(client, sub, rest(2)) : gc::petition_command(client, sub, rest(2));
    }
    throw gc::UsageError(std::string(gc::tr("未知的子命令 ", "unknown subcommand ")) + cmd + " " + sub);
  }
  if (cmd == "warnings") {
    for (const auto& v : gc::warning_words()) {
      if (sub == v) return gc::warning_command(client, sub, rest(2));
    }
    throw gc::UsageError(std::string(gc::tr("未知的子命令 ", "unknown subcommand ")) + cmd + " " + sub);
  }
  if (cmd == "hotline") {
    for (const auto& v : gc::hotline_words()) {
      if (sub == v) return gc::hotline_command(client, sub, rest(2));
    }
    throw gc::UsageError(std::string(gc::tr("未知的子命令 ", "unknown subcommand ")) + cmd + " " + sub);
  }
  throw gc::UsageError(std::string(gc::tr("未知命令 ", "unknown command ")) + cmd);
}

void print_server_error(const gridcase::v1::Error& e, bool json) {
  if (json) {
    std::ostringstream inner;
    gc::print_json(inner, e);
    std::string s = inner.str();
    if (!s.empty() && s.back() == '\n') s.pop_back();
    std::cout << "{\"error\":" << s << "}\n";
  }
  std::cerr << gc::tr("错误: ", "error: ") << gc::error_text(e) << '\n';
  if (const std::string roles = gc::allowed_roles_text(e); !roles.empty()) std::cerr << roles << '\n';
  if (e.allowed_actions_size() > 0) {
    std::cerr << gc::tr("当前状态允许的操作: ", "allowed actions in this state: ");
    for (int i = 0; i < e.allowed_actions_size(); ++i) {
      auto a = static_cast<gridcase::v1::Action>(e.allowed_actions(i));
      if (i > 0) std::cerr << ", ";
      std::cerr << gc::action_command(a) << gc::tr("（", " (") << gc::label(a) << gc::tr("）", ")");
    }
    std::cerr << '\n';
  } else if (e.reason() == "TRANSITION_NOT_ALLOWED") {
    std::cerr << gc::tr("当前状态不允许任何操作。", "no action is allowed in this state.") << '\n';
  }
  // What to do about the accounts' refusals.
  if (e.reason() == "PASSWORD_CHANGE_REQUIRED") {
    std::cerr << gc::tr("管理员已重置此账号的密码：请先运行 gridcase passwd 修改密码。",
                        "an admin reset this account's password: run gridcase passwd to change it first.")
              << '\n';
  } else if (e.reason() == "WEAK_PASSWORD") {
    std::cerr << gc::tr("密码须为8至256个字符，至少含两类字符（字母、数字、符号），且不能是用户名或常见密码。",
                        "a password has 8 to 256 characters of at least two kinds (letters, digits, symbols) "
                        "and is neither the username nor a common password.")
              << '\n';
  }
}

void print_cli_error(const gc::CliError& e, bool json) {
  if (json) {
    const char* reason = e.exit_code() == gc::kExitUsage        ? "USAGE"
                         : e.exit_code() == gc::kExitConnect    ? "CANNOT_CONNECT"
                         : e.exit_code() == gc::kExitNotLoggedIn ? "NOT_LOGGED_IN"
                                                                 : "CLIENT_ERROR";
    gridcase::v1::Error err;
    err.set_reason(reason);
    err.set_message(e.what());
    std::ostringstream inner;
    gc::print_json(inner, err);
    std::string s = inner.str();
    if (!s.empty() && s.back() == '\n') s.pop_back();
    std::cout << "{\"error\":" << s << "}\n";
  }
  std::cerr << gc::tr("错误: ", "error: ") << e.what() << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  GOOGLE_PROTOBUF_VERIFY_VERSION;
  Parsed parsed;
  try {
    parsed = parse_global(argc, argv);
  } catch (const gc::CliError& e) {
    print_cli_error(e, false);
    return gc::kExitUsage;
  }
  if (parsed.help || parsed.words.empty() || parsed.words[0] == "help") {
    print_usage(parsed.words.empty() && !parsed.help ? std::cerr : std::cout);
    return parsed.words.empty() && !parsed.help ? gc::kExitUsage : gc::kExitOk;
  }
  try {
    gc::Client client(parsed.options);
    return run(client, parsed.words);
  } catch (const gc::ServerError& e) {
    print_server_error(e.error(), parsed.options.json);
    return e.exit_code();
  } catch (const gc::UsageError& e) {
    print_cli_error(e, parsed.options.json);
    std::cerr << gc::tr("运行 gridcase --help 查看用法。", "Run gridcase --help for usage.") << '\n';
    return gc::kExitUsage;
  } catch (const gc::CliError& e) {
    print_cli_error(e, parsed.options.json);
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << gc::tr("错误: ", "error: ") << e.what() << '\n';
    return gc::kExitServerError;
  }
}
