"""Pools of realistic Chinese names, places and organisations for filled forms."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

SURNAMES = (
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("赵", "zhao"),
    ("黄", "huang"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("胡", "hu"),
    ("朱", "zhu"),
    ("高", "gao"),
    ("林", "lin"),
    ("何", "he"),
    ("郭", "guo"),
    ("马", "ma"),
    ("罗", "luo"),
    ("梁", "liang"),
    ("宋", "song"),
    ("郑", "zheng"),
    ("谢", "xie"),
    ("韩", "han"),
)
GIVEN = (
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("华", "hua"),
    ("建国", "jianguo"),
    ("志远", "zhiyuan"),
    ("晓东", "xiaodong"),
    ("海燕", "haiyan"),
    ("子涵", "zihan"),
    ("思远", "siyuan"),
    ("雨桐", "yutong"),
)
#: (province, city, districts, landline area code)
PLACES = (
    ("北京市", "北京市", ("海淀区", "朝阳区", "昌平区"), "010"),
    ("上海市", "上海市", ("浦东新区", "闵行区", "嘉定区"), "021"),
    ("广东省", "深圳市", ("南山区", "福田区", "龙岗区"), "0755"),
    ("广东省", "广州市", ("天河区", "黄埔区", "番禺区"), "020"),
    ("浙江省", "杭州市", ("西湖区", "滨江区", "余杭区"), "0571"),
    ("江苏省", "苏州市", ("工业园区", "吴中区", "相城区"), "0512"),
    ("江苏省", "南京市", ("江宁区", "鼓楼区", "栖霞区"), "025"),
    ("湖北省", "武汉市", ("洪山区", "江夏区", "东湖新技术开发区"), "027"),
    ("四川省", "成都市", ("武侯区", "高新区", "双流区"), "028"),
    ("陕西省", "西安市", ("雁塔区", "长安区", "高新区"), "029"),
    ("安徽省", "合肥市", ("蜀山区", "包河区", "高新区"), "0551"),
    ("山东省", "济南市", ("历下区", "槐荫区", "高新区"), "0531"),
)
ROADS = ("科技路", "创新大道", "学院路", "中关村大街", "软件园路", "高新二路", "光谷大道", "星湖街")
BRANDS = (
    ("智源", "zhiyuan"),
    ("启明", "qiming"),
    ("华芯", "huaxin"),
    ("天衡", "tianheng"),
    ("博睿", "borui"),
    ("云图", "yuntu"),
    ("恒拓", "hengtuo"),
    ("中科微", "zkw"),
    ("绿能", "lvneng"),
    ("精测", "jingce"),
    ("联创", "lianchuang"),
    ("海思达", "haisida"),
    ("瑞康", "ruikang"),
    ("锐驰", "ruichi"),
    ("新材", "xincai"),
    ("卓越", "zhuoyue"),
)
TRADES = (
    "科技",
    "智能科技",
    "生物医药",
    "新材料",
    "信息技术",
    "电子",
    "能源科技",
    "精密仪器",
    "医疗器械",
)
SUFFIXES = ("有限公司", "股份有限公司", "有限责任公司")
UNIVERSITIES = (
    "清华大学",
    "浙江大学",
    "华中科技大学",
    "西安交通大学",
    "复旦大学",
    "南京大学",
    "哈尔滨工业大学",
    "中国科学技术大学",
    "四川大学",
    "武汉大学",
    "东南大学",
    "同济大学",
)
MAJORS = (
    "电子信息工程",
    "材料科学与工程",
    "机械工程",
    "生物医学工程",
    "计算机科学与技术",
    "化学工程",
)
TECH_CORES = (
    ("高精度MEMS惯性传感器", "电子信息"),
    ("面向工业互联网的边缘计算平台", "电子信息"),
    ("第三代半导体碳化硅功率器件", "产业基础"),
    ("高端数控机床五轴联动控制系统", "装备制造"),
    ("协作机器人柔性关节", "装备制造"),
    ("高性能碳纤维复合材料", "先进材料"),
    ("固态锂电池电解质材料", "先进材料"),
    ("新型mRNA疫苗递送系统", "生物医药"),
    ("肿瘤早筛液体活检技术", "生物医药"),
    ("工业余热高效回收利用技术", "绿色低碳"),
    ("光伏组件智能运维系统", "绿色低碳"),
    ("高纯电子级多晶硅制备工艺", "产业基础"),
)
INDUSTRIES = (
    "新一代信息技术产业",
    "高端装备制造产业",
    "新材料产业",
    "生物产业",
    "新能源产业",
    "节能环保产业",
    "数字创意产业",
    "相关服务业",
)
INDUSTRY_CODES = (
    "计算机、通信和其他电子设备制造业+39",
    "专用设备制造业+35",
    "医药制造业+27",
    "软件和信息技术服务业+65",
    "化学原料和化学制品制造业+26",
    "电气机械和器材制造业+38",
    "研究和试验发展+73",
    "科技推广和应用服务业+75",
)
ISSUERS = (
    "中国科学技术交流中心",
    "中国技术市场协会",
    "北京技术市场协会",
    "上海技术交易所",
    "国家技术转移东部中心",
    "中国科协创新战略研究院",
    "浙江省科学技术厅",
    "深圳市科技创新委员会",
)
TITLES = ("高级工程师", "研究员", "副研究员", "工程师", "技术转移部主任", "副总经理", "项目经理")
CONTACT_TITLES = (
    "总经理助理",
    "办公室主任",
    "科技项目主管",
    "综合部经理",
    "行政主管",
    "董事会秘书",
)
HONOURS = (
    "国家高新技术企业",
    "专精特新“小巨人”企业",
    "省级专精特新中小企业",
    "科技型中小企业",
    "省级企业技术中心",
    "市级工程技术研究中心",
    "瞪羚企业",
    "省级科技小巨人企业",
)
ORG_KINDS = ("产业技术研究院", "技术转移中心", "创新研究院", "协同创新中心", "技术创新联盟")
MAIL_DOMAINS = ("163.com", "126.com", "qq.com", "sina.com", "foxmail.com")


@dataclass(frozen=True)
class Person:
    name: str
    pinyin: str


@dataclass(frozen=True)
class Place:
    province: str
    city: str
    district: str
    area_code: str

    @property
    def region(self) -> str:
        """Written as the forms ask: X省X市 (a municipality once)."""
        if self.province == self.city:
            return self.city
        return f"{self.province}{self.city}"


def person(rng: Random) -> Person:
    surname, s_py = rng.choice(SURNAMES)
    given, g_py = rng.choice(GIVEN)
    return Person(surname + given, s_py + g_py)


def place(rng: Random) -> Place:
    province, city, districts, code = rng.choice(PLACES)
    return Place(province, city, rng.choice(districts), code)


def address(rng: Random, where: Place) -> str:
    city = "" if where.province == where.city else where.city
    number = rng.randint(1, 399)
    building = rng.choice(("", f"{rng.randint(1, 12)}号楼", f"A座{rng.randint(3, 21)}层"))
    return f"{where.province}{city}{where.district}{rng.choice(ROADS)}{number}号{building}"


def company(rng: Random, where: Place) -> tuple[str, str]:
    """A company name and its ascii brand, for an e-mail domain."""
    brand, brand_py = rng.choice(BRANDS)
    city = where.city.removesuffix("市")
    return f"{city}{brand}{rng.choice(TRADES)}{rng.choice(SUFFIXES)}", brand_py


def mobile(rng: Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"


def landline(rng: Random, where: Place) -> str:
    digits = 8 if len(where.area_code) == 3 else rng.choice((7, 8))
    first = rng.randint(2, 8)
    rest = rng.randint(0, 10 ** (digits - 1) - 1)
    return f"{where.area_code}-{first}{rest:0{digits - 1}d}"


def email(rng: Random, who: Person, brand: str | None = None) -> str:
    if brand is not None and rng.random() < 0.5:
        return f"{who.pinyin}@{brand}-tech.com"
    handle = who.pinyin + rng.choice(("", str(rng.randint(1, 99)), f"{rng.randint(1975, 2000)}"))
    return f"{handle}@{rng.choice(MAIL_DOMAINS)}"
