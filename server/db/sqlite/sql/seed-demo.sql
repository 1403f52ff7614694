-- seed-demo.sql — a demo district modelled on 杭州市上城区 (six streets, one
-- members' studio each). Every statement is INSERT ... ON CONFLICT DO NOTHING
-- so that `minqing-server seed-demo` can run any number of times. Member
-- names are invented for the demo.
--
-- Both storage plugins load this file (SQLite and PostgreSQL), so it is
-- written in the SQL both speak; what needs a dialect (dates) is in each
-- plugin's seed-demo-roster.sql, loaded after it.

INSERT INTO streets (key, name, sort) VALUES
  ('hubin',     '湖滨街道', 1),
  ('xiaoying',  '小营街道', 2),
  ('nanxing',   '南星街道', 3),
  ('qingbo',    '清波街道', 4),
  ('ziyang',    '紫阳街道', 5),
  ('wangjiang', '望江街道', 6)
ON CONFLICT DO NOTHING;

INSERT INTO studios (id, name, street, address) VALUES
  ('hubin',     '湖滨街道委员工作室', 'hubin',     '湖滨街道社区服务中心二楼'),
  ('xiaoying',  '小营街道委员工作室', 'xiaoying',  '小营街道社区服务中心一楼'),
  ('nanxing',   '南星街道委员工作室', 'nanxing',   '南星街道便民服务中心三楼'),
  ('qingbo',    '清波街道委员工作室', 'qingbo',    '清波街道社区服务中心二楼'),
  ('ziyang',    '紫阳街道委员工作室', 'ziyang',    '紫阳街道社区服务中心一楼'),
  ('wangjiang', '望江街道委员工作室', 'wangjiang', '望江街道便民服务中心二楼')
ON CONFLICT DO NOTHING;

-- 开放时间, printed on each studio's door poster (/console/poster/{studio})
UPDATE studios SET hours = '周一至周五 9:00–12:00、14:00–17:00' WHERE hours = '';
UPDATE studios SET hours = '周一至周六 9:00–12:00' WHERE id = 'nanxing';

INSERT INTO communities (studio, key, name, sort) VALUES
  ('hubin', 'dongpolu',   '东坡路社区', 1),
  ('hubin', 'qingnianlu', '青年路社区', 2),
  ('hubin', 'yuewanglu',  '岳王路社区', 3),
  ('hubin', 'dongpingxiang', '东平巷社区', 4),
  ('hubin', 'wushanlu',   '吴山路社区', 5),
  ('xiaoying', 'xiaoyingxiang', '小营巷社区', 1),
  ('xiaoying', 'maolangxiang',  '茅廊巷社区', 2),
  ('xiaoying', 'daxuelu',       '大学路社区', 3),
  ('xiaoying', 'kuixiang',      '葵巷社区', 4),
  ('xiaoying', 'xipailou',      '西牌楼社区', 5),
  ('xiaoying', 'changmingsi',   '长明寺巷社区', 6),
  ('nanxing', 'mantoushan',  '馒头山社区', 1),
  ('nanxing', 'haiyueqiao',  '海月桥社区', 2),
  ('nanxing', 'fantiansi',   '梵天寺社区', 3),
  ('nanxing', 'shuichengqiao', '水澄桥社区', 4),
  ('nanxing', 'fuxingnanyuan', '复兴南苑社区', 5),
  ('qingbo', 'qingbomen',   '清波门社区', 1),
  ('qingbo', 'laodonglu',   '劳动路社区', 2),
  ('qingbo', 'liucuijing',  '柳翠井巷社区', 3),
  ('qingbo', 'dinganlu',    '定安路社区', 4),
  ('ziyang', 'shangyangshi', '上羊市街社区', 1),
  ('ziyang', 'shiwukui',     '十五奎巷社区', 2),
  ('ziyang', 'caixialing',   '彩霞岭社区', 3),
  ('ziyang', 'fenghuang',    '凤凰社区', 4),
  ('ziyang', 'xingong',      '新工社区', 5),
  ('wangjiang', 'wangjiangxinyuan', '望江新园社区', 1),
  ('wangjiang', 'jinjiangdongyuan', '近江东园社区', 2),
  ('wangjiang', 'shibanqiao',       '始版桥社区', 3),
  ('wangjiang', 'jinting',          '金亭社区', 4)
ON CONFLICT DO NOTHING;

INSERT INTO categories (key, name, sort) VALUES
  ('traffic',     '交通出行',     1),
  ('environment', '环境卫生',     2),
  ('elderly',     '养老服务',     3),
  ('property',    '物业管理',     4),
  ('safety',      '平安建设',     5),
  ('renovation',  '老旧小区改造', 6),
  ('health',      '医疗卫生',     7),
  ('education',   '教育文化',     8),
  ('other',       '其他',         99)
ON CONFLICT DO NOTHING;

INSERT INTO members (key, name, sector, expertise, studio, badge_code, sort) VALUES
  ('hubin-01', '王建国', '经济界',             '商贸流通、小微企业',       'hubin', 'MQHB0001', 1),
  ('hubin-02', '陈晓燕', '医药卫生界',         '社区医疗、慢病管理',       'hubin', 'MQHB0002', 2),
  ('hubin-03', '李志明', '中国民主同盟',       '城市规划、历史街区保护',   'hubin', 'MQHB0003', 3),
  ('hubin-04', '周丽华', '社会福利和社会保障界', '居家养老、助残服务',     'hubin', 'MQHB0004', 4),
  ('hubin-05', '张海涛', '无党派人士',         '法律咨询、物业纠纷调解',   'hubin', 'MQHB0005', 5),
  ('xiaoying-01', '刘文杰', '教育界',           '中小学教育、课后托管',     'xiaoying', 'MQXY0001', 1),
  ('xiaoying-02', '黄美玲', '文化艺术界',       '社区文化、非遗传承',       'xiaoying', 'MQXY0002', 2),
  ('xiaoying-03', '吴国强', '经济界',           '餐饮业、食品安全',         'xiaoying', 'MQXY0003', 3),
  ('xiaoying-04', '郑雅琴', '医药卫生界',       '老年护理、康复',           'xiaoying', 'MQXY0004', 4),
  ('xiaoying-05', '孙立新', '科学技术界',       '智慧社区、信息化',         'xiaoying', 'MQXY0005', 5),
  ('nanxing-01', '朱宏伟', '科学技术界',        '交通工程、停车管理',       'nanxing', 'MQNX0001', 1),
  ('nanxing-02', '何静',   '中国民主促进会',    '学前教育、家庭教育',       'nanxing', 'MQNX0002', 2),
  ('nanxing-03', '马俊',   '经济界',            '物业服务、老旧小区改造',   'nanxing', 'MQNX0003', 3),
  ('nanxing-04', '林秀英', '社会福利和社会保障界', '社区养老、志愿服务',   'nanxing', 'MQNX0004', 4),
  ('nanxing-05', '高志远', '无党派人士',        '环境保护、垃圾分类',       'nanxing', 'MQNX0005', 5),
  ('qingbo-01', '徐丹',   '文化艺术界',         '历史文化街区、旅游',       'qingbo', 'MQQB0001', 1),
  ('qingbo-02', '胡建华', '医药卫生界',         '中医药、社区卫生服务',     'qingbo', 'MQQB0002', 2),
  ('qingbo-03', '沈玉梅', '教育界',             '职业教育、青少年成长',     'qingbo', 'MQQB0003', 3),
  ('qingbo-04', '罗振东', '中国民主建国会',     '民营经济、商户经营',       'qingbo', 'MQQB0004', 4),
  ('qingbo-05', '宋佳',   '社会福利和社会保障界', '就业帮扶、困难家庭救助', 'qingbo', 'MQQB0005', 5),
  ('ziyang-01', '韩明',   '经济界',             '金融服务、消费者权益',     'ziyang', 'MQZY0001', 1),
  ('ziyang-02', '唐晓峰', '科学技术界',         '消防安全、电动自行车管理', 'ziyang', 'MQZY0002', 2),
  ('ziyang-03', '冯丽娟', '医药卫生界',         '妇幼保健、心理健康',       'ziyang', 'MQZY0003', 3),
  ('ziyang-04', '许文博', '中国民主同盟',       '建筑设计、加装电梯',       'ziyang', 'MQZY0004', 4),
  ('ziyang-05', '邓慧',   '文化艺术界',         '社区阅读、群众文化',       'ziyang', 'MQZY0005', 5),
  ('wangjiang-01', '曹永刚', '经济界',           '菜市场管理、民生保供',     'wangjiang', 'MQWJ0001', 1),
  ('wangjiang-02', '彭晓红', '教育界',           '托育服务、双减',           'wangjiang', 'MQWJ0002', 2),
  ('wangjiang-03', '袁立',   '无党派人士',       '城市管理、市容环境',       'wangjiang', 'MQWJ0003', 3),
  ('wangjiang-04', '蒋秀兰', '社会福利和社会保障界', '老年食堂、助餐服务',   'wangjiang', 'MQWJ0004', 4),
  ('wangjiang-05', '蔡志刚', '医药卫生界',       '急救培训、家庭医生签约',   'wangjiang', 'MQWJ0005', 5)
ON CONFLICT DO NOTHING;

-- ---- member PINs --------------------------------------------------------
-- Every demo member's PIN is 2468 (argon2id, libsodium crypto_pwhash_str at
-- the interactive limits); a real district sets PINs through the console.
UPDATE members SET pin_hash =
  '$argon2id$v=19$m=65536,t=2,p=1$3jB43Faa+DcM/yN6eNBDjw$iczyP+2sLmJ0rFxAa4wcR3NW7mbf5bQFKLwzV3xrvV8'
  WHERE pin_hash IS NULL;

-- The demo's technician PIN (kiosks' service screen) is 2468 too, for every
-- studio; a real district makes its own in the console (终端 → 维护密码).
INSERT INTO service_pins (scope, pin_hash, set_at, set_by) VALUES ('*',
  '$argon2id$v=19$m=65536,t=2,p=1$3jB43Faa+DcM/yN6eNBDjw$iczyP+2sLmJ0rFxAa4wcR3NW7mbf5bQFKLwzV3xrvV8',
  0, 'seed-demo')
ON CONFLICT DO NOTHING;

-- ---- resolved, published topics (the public board, the kiosks' 近期已办结) --
-- Portable SQL (SQLite and PostgreSQL alike): fixed times, no functions, and
-- ON CONFLICT DO NOTHING so a second seed-demo, or a district whose own
-- topics already took these numbers, keeps what it has. Times are Unix
-- seconds (Asia/Shanghai in the comments). Each went through the five steps
-- and its result was published; the demo's residents' opinions stay theirs.
INSERT INTO topics (id, no, studio, title, stage, created_at, created_by, visits_planned,
                    visits_done, research_note, consult_form, consult_date, participants,
                    outcome, result, published_at, followup_due, supervision, closed_at)
VALUES
  -- 2026-09-08 10:00 → published 2026-10-15 16:30
  ('d1000000-0000-4000-8000-000000000001', 1, 'hubin', '东坡路老旧小区加装电梯', 'closed',
   1788832800, 'seed-demo', 3, 3, '走访12个单元，高层住户意愿强烈，一楼住户担心采光和噪音。',
   'mediation', '2026-10-09', '街道城建科、社区、住户代表、加梯企业',
   '一楼住户补偿方案经协商一致。',
   '东坡路社区首批4个单元加装电梯已开工，一楼住户的采光和补偿问题协商一致；其余单元按意愿分批推进。',
   1792053000, NULL, '', 1792053000),
  -- 2026-09-21 09:30 → 2026-11-02 15:00
  ('d1000000-0000-4000-8000-000000000002', 2, 'hubin', '青年路菜场周边早高峰停车难', 'closed',
   1789954200, 'seed-demo', 2, 2, '早上7点到9点临停车辆占用人行道。',
   'inspection', '2026-10-22', '区交警大队、城管中队、市场管理方、居民代表',
   '划设临时停车位，错峰开放周边单位停车场。',
   '菜场西侧新划15个限时停车位，周边两家单位早上7点到9点开放停车场；人行道已恢复通行。',
   1793602800, NULL, '', 1793602800),
  -- 2026-09-29 10:00 → 2026-11-10 17:00
  ('d1000000-0000-4000-8000-000000000003', 3, 'hubin', '岳王路社区老年食堂开餐时间', 'closed',
   1790647200, 'seed-demo', 2, 2, '独居老人反映午餐11点开餐太晚，晚餐没有供应。',
   'meeting', '2026-10-30', '街道民政科、社区、助餐服务企业、老人代表',
   '午餐提前到10点半，增设晚餐。',
   '老年食堂午餐提前到10点半开餐，工作日增设晚餐；行动不便的老人可电话预订送餐上门。',
   1794301200, NULL, '', 1794301200),
  -- 2026-10-09 09:00 → 2026-11-06 16:00
  ('d1000000-0000-4000-8000-000000000004', 4, 'xiaoying', '大学路沿街路灯不亮', 'closed',
   1791507600, 'seed-demo', 1, 1, '夜间核查，11盏路灯不亮。',
   'inspection', '2026-10-20', '区城管局、社区、居民代表',
   '更换灯具并纳入日常巡查。',
   '大学路11盏路灯已全部修复，社区每周巡查一次，发现问题24小时内报修。',
   1793952000, NULL, '', 1793952000),
  -- 2026-10-20 10:00 → 2026-11-13 11:00
  ('d1000000-0000-4000-8000-000000000005', 5, 'nanxing', '海月桥社区垃圾分类点异味', 'closed',
   1792461600, 'seed-demo', 2, 2, '分类点紧邻居民楼，夏季异味大。',
   'deliberation', '2026-11-05', '街道城管科、物业、环卫公司、居民代表',
   '分类点外移，增加清运频次。',
   '分类点已外移30米，厨余垃圾改为每天清运两次，并加装除臭设备。',
   1794538800, NULL, '', 1794538800),
  -- 2026-10-26 09:00 → 2026-11-16 16:00
  ('d1000000-0000-4000-8000-000000000006', 6, 'hubin', '吴山路电动自行车充电难', 'closed',
   1792976400, 'seed-demo', 2, 2, '楼道飞线充电存在火灾隐患。',
   'evaluation', '2026-11-10', '街道平安办、消防救援站、物业、居民代表',
   '新建集中充电棚，开展楼道清查。',
   '吴山路社区新建2处集中充电棚共60个充电口，楼道飞线充电已清理，消防站上门讲解安全用电。',
   1794816000, NULL, '', 1794816000)
ON CONFLICT DO NOTHING;

-- ---- participation: 议题遴选 and 征集 --------------------------------------
-- A candidate topic the residents of 湖滨 backed (23 backings at the kiosk
-- and on phones), closed on 2026-10-27 and promoted into topic #7, now in
-- 调研走访 and open for members to volunteer (征集), one of whom has. The
-- candidates still open follow the real date: seed-demo-roster.sql. Portable
-- SQL as above; what depends on topic #7 is only added when it is ours.
INSERT INTO topics (id, no, studio, title, stage, created_at, created_by)
VALUES
  -- 2026-10-29 10:00
  ('d1000000-0000-4000-8000-000000000007', 7, 'hubin', '西湖边公厕夜间开放', 'research',
   1793239200, 'seed-demo')
ON CONFLICT DO NOTHING;

INSERT INTO candidates (studio, title, description, closes, topic, created_by, created_at)
SELECT 'hubin', '西湖边公厕夜间开放',
       '湖边几处公厕晚上10点就关门，夜跑的居民和游客找不到厕所。', '2026-10-27',
       'd1000000-0000-4000-8000-000000000007', 'seed-demo', 1792288800
WHERE EXISTS (SELECT 1 FROM topics WHERE id = 'd1000000-0000-4000-8000-000000000007'
              AND created_by = 'seed-demo')
  AND NOT EXISTS (SELECT 1 FROM candidates WHERE created_by = 'seed-demo'
                  AND title = '西湖边公厕夜间开放');

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 23)
INSERT INTO candidate_supports (candidate, channel, voter, created_at)
SELECT c.id, CASE WHEN n.i % 3 = 0 THEN 'phone' ELSE 'kiosk' END, 'seed-demo-' || n.i,
       c.created_at + n.i * 7200
FROM candidates c, n
WHERE c.created_by = 'seed-demo' AND c.title = '西湖边公厕夜间开放'
ON CONFLICT DO NOTHING;

INSERT INTO topic_calls (topic, note, opened_by, opened_at)
SELECT 'd1000000-0000-4000-8000-000000000007',
       '请熟悉城市管理、文旅服务的委员报名，参加夜间走访和协商。', 'seed-demo', 1793242800
WHERE EXISTS (SELECT 1 FROM topics WHERE id = 'd1000000-0000-4000-8000-000000000007'
              AND created_by = 'seed-demo')
ON CONFLICT DO NOTHING;

INSERT INTO topic_volunteers (topic, member, created_at)
SELECT 'd1000000-0000-4000-8000-000000000007', 'hubin-03', 1793268000
WHERE EXISTS (SELECT 1 FROM topic_calls WHERE topic = 'd1000000-0000-4000-8000-000000000007'
              AND opened_by = 'seed-demo')
ON CONFLICT DO NOTHING;
