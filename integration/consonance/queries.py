"""The documented Consonance GraphQL operations we send (names exactly as Consonance publishes them).

The [extension] operations (picture permissions, to-dos) live in extension.py, not here.
Subject codes are asked once per scheme with aliases, because the documented SubjectCode type has no
scheme field and a BIC code cannot always be told from a Thema code by its shape.
"""

from .extension import SUPPORTING_RESOURCE_MARKER

SUPPORTING_RESOURCE_FRAGMENT = f"""
fragment SupportingResourceFields on SupportingResource {{
  id caption copyright copyrightHolder requiredCredit resourceVariant status productIds
  url filename width height fileSize imageContentType isProcessing createdAt updatedAt
  {SUPPORTING_RESOURCE_MARKER}
}}
"""

# Imprint, keywords and audienceCode are not in the contract's documented list: the sandbox serves
# them [assumed] and a real tenant must confirm them (they feed the Getty search and the editor).
WORKS_PAGE = """
query TitleSyncWorks($after: Int, $since: ISO8601Date) {
  works(workSearch: {after: $after, changedSince: $since}) {
    id title subtitle workType editionNumber contributorPrettyList
    imprint { id name }
    bic: subjectCodes(schemesIn: [BIC]) { code description }
    thema: subjectCodes(schemesIn: [THEMA]) { code description }
    bisac: subjectCodes(schemesIn: [BISAC]) { code description }
    seriesMemberships { partNumber series { id name } }
    supportingResources { id url caption resourceVariant status productIds }
    products {
      __typename
      id fullTitle subtitle publicationDate onixPublishingStatusCode
      isbn { isbn13 } onix21ProductFormCode inHouseFormat { name code } inHouseEdition { name code }
      forSaleCountryCodes notForSaleCountryCodes isForSaleWorldwide
      marketingTexts { externalText }
      keywords audienceCode
      ... on PhysicalBookProduct { productHeight(unit: CM) approximatePageCount }
    }
  }
}
"""

WORK_SUPPORTING_RESOURCES = (
    """
query WorkSupportingResources($workId: Int!) {
  work(workSearch: {idEq: $workId}) {
    id
    supportingResources { ...SupportingResourceFields }
  }
}
"""
    + SUPPORTING_RESOURCE_FRAGMENT
)

CREATE_SUPPORTING_RESOURCE = (
    """
mutation CreateSupportingResource($input: CreateSupportingResourceInput!) {
  createSupportingResource(input: $input) {
    supportingResource { ...SupportingResourceFields }
    presignedUrl
    errors { field message }
  }
}
"""
    + SUPPORTING_RESOURCE_FRAGMENT
)

UPDATE_SUPPORTING_RESOURCE = (
    """
mutation UpdateSupportingResource($input: UpdateSupportingResourceInput!) {
  updateSupportingResource(input: $input) {
    supportingResource { ...SupportingResourceFields }
    errors { field message }
  }
}
"""
    + SUPPORTING_RESOURCE_FRAGMENT
)
