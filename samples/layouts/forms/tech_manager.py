"""技术经理人先锋榜申请表."""

from __future__ import annotations

from samples.layouts.forms.common import lab, static, title
from samples.layouts.grid import Filler, Grid, Values, list_block, opinion, section
from samples.model import CellSpec, DocBlock
from schemas.catalogue import FormSpec

PRACTICE = (
    "一、申请人所具备的科技成果转移转化实践技能与经验成效\n（2000字以内，可另附说明材料）\n"
    "（一）所从事的科技成果转移转化相关理论研究，参与完成技术转移转化和技术市场领域研究课题,"
    "或参与制定技术转移转化和技术市场相关法律法规、政策类文件,以及行业发展报告、专著、编著、教材等。\n"
    "（二）所从事的技术需求挖掘与分析、技术评估评价、技术中试孵化、技术成果运营、技术投融资、"
    "转移转化咨询，以及技术转让、技术许可、技术开发、技术咨询、技术服务等具体项目。\n"
    "（三）参与或主持创建技术转移相关平台建设、人才培养活动等。\n"
    "（四）参与或主持的技术转移项目获得的政府表彰、政策支持，及从业期间取得的经济效益与社会效益"
    "（奖项名称与颁发机构、技术交易额、技术合同信息等）。"
)
KCZG = (
    "二、参与“科创中国”科技经济融合与技术交易促进相关工作情况，包括但不限于“科创中国”路演、"
    "试点城市与园区建设、科技服务团等（1000字以内）【非必填】"
)
ETHICS = (
    "三、申请人在技术经理人从业规范方面认知与理解情况，包括且不限于思想品德、职业道德、"
    "保密义务与责任等（1000字以内）"
)
CERTIFICATES = "所获得技术转移专业培训或资质证书情况"
AWARDS = "从事技术转移专业领域获得奖励情况"


def _pair(fill: Filler, label: str) -> list[tuple[CellSpec, int]]:
    return [(lab(label, label), 1), (fill.value(label), 1)]


def _option_lines(fill: Filler, label: str) -> CellSpec:
    options = fill.spec(label).options
    boxes = fill.boxes(label, [[o] for o in options], after=False)
    for para in boxes.paras:
        para.insert(1, " ")
    return boxes


def _basic(fill: Filler) -> Grid:
    grid = Grid([2.6, 3.4, 3.4, 4.6])
    grid.row(_pair(fill, "姓名") + _pair(fill, "联系方式"))
    grid.row(_pair(fill, "工作单位") + _pair(fill, "职称/职务"))
    grid.row([(lab("地址", "地址"), 1), (fill.value("地址"), 3)])
    grid.row([(lab("邮箱", "邮箱"), 1), (fill.value("邮箱"), 3)])
    grid.row([(lab("专业领域", "专业领域"), 1), (_option_lines(fill, "专业领域"), 3)])
    grid.row([(lab("岗位类型", "岗位类型"), 1), (_option_lines(fill, "岗位类型"), 3)])
    headers = [
        ("颁发日期", "颁发日期", 1),
        ("颁发机构", "颁发机构", 1),
        ("证书编号及名称", "证书编号及名称", 1),
    ]
    list_block(grid, fill, CERTIFICATES, CERTIFICATES + "（如有请附证书扫描件）", headers, 3)
    headers = [
        ("获得日期", "获得日期", 1),
        ("颁发机构", "颁发机构", 1),
        ("证书编号及名称", "证书编号及名称", 1),
    ]
    list_block(grid, fill, AWARDS, AWARDS, headers, 2)
    grid.row(
        [
            (lab("从业至今累计登记技术合同数量", "从业至今累计登记技术合同数量"), 1),
            (fill.value("从业至今累计登记技术合同数量"), 1),
            (lab("从业至今累计成交技术交易额", "从业至今累计成交技术交易额"), 1),
            (fill.value("从业至今累计成交技术交易额", unit_in_label=False), 1),
        ]
    )
    headers = [("起止年月", "起止年月", 1), ("工作单位", "工作单位", 1), ("职务", "职务", 1)]
    first, _ = list_block(grid, fill, "主要工作经历", "主要工作经历", headers, 4)
    hint = (
        "请阐述每一段工作经历的任职单位及任职职务，所负责的主要工作内容以及所取得的主要工作成绩。"
    )
    grid.row([(static(hint), 3)], 1)
    label_cell = next(c for c in grid.cells if c.row == first and c.col == 0)
    label_cell.row_span += 1
    return grid


def _texts(fill: Filler) -> Grid:
    grid = Grid([3.0, 11.0])
    section(grid, fill, "申请人所具备的科技成果转移转化实践技能与经验成效", PRACTICE, 2)
    section(grid, fill, "参与“科创中国”科技经济融合与技术交易促进相关工作情况", KCZG, 2)
    section(grid, fill, "申请人在技术经理人从业规范方面认知与理解情况", ETHICS, 2)
    opinion(grid, fill, "申报单位意见", "申报单位", 1)
    opinion(grid, fill, "推荐单位意见", "推荐单位", 1)
    return grid


def build(form: FormSpec, values: Values) -> list[DocBlock]:
    fill = Filler(form, values)
    return [title(form.title), _basic(fill).build(), _texts(fill).build()]
